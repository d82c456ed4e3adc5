using Reconciler.Drift;
using Reconciler.Planning;

namespace Reconciler.Cli;

/// <summary>The documented JSON shape of a plan (docs/plan-format.md): operations, summary, blocked, drift, then failedOver (added by issue 19).</summary>
internal sealed record PlanJson(
    string Cluster,
    IReadOnlyList<PlanJson.OperationJson> Operations,
    PlanJson.SummaryJson Summary,
    IReadOnlyList<PlanJson.BlockedJson> Blocked,
    IReadOnlyList<PlanJson.DriftJson> Drift,
    IReadOnlyList<PlanJson.FailedOverJson> FailedOver)
{
    public static PlanJson From(Plan plan) => new(
        plan.Cluster,
        [.. plan.Operations.Select(o => new OperationJson(o.Id, o.Kind.ToString(), o.Host, o.Vm, o.Gpu, Arguments(o.Arguments), o.DependsOn, o.Disruptive, o.Wave, o.Description))],
        new SummaryJson(plan.Summary.VmsStopped, plan.Summary.VmsStarted, plan.Summary.GpusRepartitioned, plan.Summary.Waves, plan.Operations.Count),
        [.. plan.Blocked.Select(b => new BlockedJson(b.Object, b.Reason.ToString(), b.Message, b.Until))],
        [.. plan.Drift.Select(d => new DriftJson(d.Fingerprint, d.Object, d.Field, d.Desired, d.Observed, d.Sentence))],
        [.. plan.FailedOver.Select(f => new FailedOverJson(f.Vm, f.Host, f.PreferredHost, f.From, f.Since, f.Failback))]);

    /// <summary>Only the arguments the kind uses, as plain values.</summary>
    private static Dictionary<string, object> Arguments(OperationArguments a)
    {
        var result = new Dictionary<string, object>();
        void Put(string key, object? value)
        {
            if (value is not null)
            {
                result[key] = value;
            }
        }

        Put("partitionCount", a.PartitionCount);
        Put("pinnedGpu", a.PinnedGpu);
        Put("pool", a.Device?.Pool ?? a.Pool);
        Put("locationPath", a.Device?.LocationPath);
        Put("mmioLow", a.MmioLow?.ToString());
        Put("mmioHigh", a.MmioHigh?.ToString());
        Put("automaticStopAction", a.StopAction?.ToString());
        Put("offlineAction", a.OfflineAction?.ToString());
        Put("shutdownTimeout", a.ShutdownTimeout is { } t ? Spec.DurationText.Format(t) : null);
        Put("onTimeout", a.OnTimeout?.ToString());
        Put("targetHost", a.TargetHost);
        if (a.Settings is { } s && s != Observed.PartitionSettings.None)
        {
            result["settings"] = s;
        }

        return result;
    }

    internal sealed record OperationJson(string Id, string Kind, string Host, string? Vm, string? Gpu, Dictionary<string, object> Arguments, IReadOnlyList<string> DependsOn, bool Disruptive, int Wave, string Description);

    internal sealed record SummaryJson(IReadOnlyList<string> VmsStopped, IReadOnlyList<string> VmsStarted, IReadOnlyList<string> GpusRepartitioned, int Waves, int Operations);

    internal sealed record BlockedJson(string Object, string Reason, string Message, DateTimeOffset? Until);

    internal sealed record FailedOverJson(string Vm, string Host, string PreferredHost, string? From, DateTimeOffset? Since, string Failback);

    internal sealed record DriftJson(string Fingerprint, string Object, string Field, string Desired, string Observed, string Sentence);
}
