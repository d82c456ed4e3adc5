using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reconciler.Spec.Schema;

namespace Reconciler.Spec;

/// <summary>
/// Writes a <see cref="ClusterSpec"/> as GpuCluster YAML that <see cref="SpecLoader"/> reads back
/// to an equal spec: one flow mapping per GPU selector and VM, so a layout reads like a table.
/// Fields at their defaults are left out.
/// </summary>
public static partial class SpecWriter
{
    public static string Write(ClusterSpec spec)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"apiVersion: {ClusterSpec.ApiVersion}\nkind: {ClusterSpec.Kind}\nmetadata:\n  name: {Scalar(spec.Name)}\nspec:\n");
        if (spec.FailoverCluster)
        {
            text.Append("  failoverCluster: true\n");
        }

        WritePolicy(text, spec.Policy);
        text.Append("  hosts:\n");
        foreach (var host in spec.Hosts)
        {
            text.Append(CultureInfo.InvariantCulture, $"    - name: {Scalar(host.Name)}\n");
            if (host.HostDriver is { } driver)
            {
                text.Append(CultureInfo.InvariantCulture, $"      drivers: {{ host: \"{driver}\" }}\n");
            }

            if (host.Drain)
            {
                text.Append("      drain: true\n");
            }

            if (host.Gpus.Count > 0)
            {
                text.Append("      gpus:\n");
                foreach (var gpu in host.Gpus)
                {
                    text.Append("        - ").Append(Flow(Selector(gpu))).Append('\n');
                }
            }
        }

        if (spec.Vms.Count > 0)
        {
            text.Append("  vms:\n");
            foreach (var vm in spec.Vms)
            {
                text.Append("    - ").Append(Flow(Vm(vm))).Append('\n');
            }
        }

        return text.ToString();
    }

    private static void WritePolicy(StringBuilder text, ClusterPolicy policy)
    {
        var fields = new List<(string, string)>();
        if (policy.Mode != PolicyMode.Enforce)
        {
            fields.Add(("mode", Enum(policy.Mode)));
        }

        if (policy.Prune)
        {
            fields.Add(("prune", "true"));
        }

        fields.Add(("maxUnavailable", policy.MaxUnavailable.IsPercent ? $"\"{policy.MaxUnavailable}\"" : policy.MaxUnavailable.ToString()));
        if (policy.Shutdown != ShutdownPolicy.Default)
        {
            fields.Add(("shutdown", Flow([("timeout", DurationText.Format(policy.Shutdown.Timeout)), ("onTimeout", Enum(policy.Shutdown.OnTimeout))])));
        }

        if (policy.Health.Timeout != HealthPolicy.Default.Timeout)
        {
            fields.Add(("health", Flow([("timeout", DurationText.Format(policy.Health.Timeout))])));
        }

        if (policy.Failback != FailbackPolicy.Window)
        {
            fields.Add(("failback", Enum(policy.Failback)));
        }

        text.Append("  policy:\n");
        foreach (var (key, value) in fields)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {key}: {value}\n");
        }

        if (policy.Windows.Count > 0)
        {
            text.Append("    windows:\n");
            foreach (var window in policy.Windows)
            {
                var days = "[" + string.Join(", ", window.Days.Select(d => d.ToString()[..3])) + "]";
                text.Append("      - ").Append(Flow([("days", days), ("start", Time(window.Start)), ("end", Time(window.End)), ("timeZone", Scalar(window.TimeZone))])).Append('\n');
            }
        }
    }

    private static List<(string, string)> Selector(GpuSelector gpu)
    {
        var fields = new List<(string, string)>();
        Add(fields, "model", gpu.Model);
        Add(fields, "locationPath", gpu.LocationPath);
        Add(fields, "count", gpu.Count);
        if (gpu.Mode == GpuMode.Dda)
        {
            fields.Add(("mode", "dda"));
        }

        Add(fields, "partitionCount", gpu.PartitionCount);
        Add(fields, "pool", gpu.Pool);
        return fields;
    }

    private static List<(string, string)> Vm(VmSpec vm)
    {
        var fields = new List<(string, string)> { ("name", Scalar(vm.Name)) };
        Add(fields, "host", vm.Host);
        switch (vm.Gpu)
        {
            case PartitionRequest partition:
                var inner = new List<(string, string)>();
                Add(inner, "gpu", partition.GpuLocationPath);
                if (partition.Vram is { } vram)
                {
                    inner.Add(("vram", vram.ToString()));
                }

                if (partition.Resources is { } resources)
                {
                    inner.Add(("resources", Resources(resources)));
                }

                fields.Add(("gpu", Flow([("partition", Flow(inner))])));
                break;
            case DdaRequest dda:
                var ddaFields = new List<(string, string)>();
                Add(ddaFields, "locationPath", dda.LocationPath);
                Add(ddaFields, "pool", dda.Pool);
                if (dda.Pool is not null && dda.Count != 1)
                {
                    ddaFields.Add(("count", dda.Count.ToString(CultureInfo.InvariantCulture)));
                }

                fields.Add(("gpu", Flow([("dda", Flow(ddaFields))])));
                break;
        }

        if (vm.Mmio is { } mmio)
        {
            var mmioFields = new List<(string, string)>();
            if (mmio.Low is { } low)
            {
                mmioFields.Add(("low", low.ToString()));
            }

            if (mmio.High is { } high)
            {
                mmioFields.Add(("high", high.ToString()));
            }

            fields.Add(("mmio", Flow(mmioFields)));
        }

        if (vm.Power != PowerIntent.Unmanaged)
        {
            fields.Add(("power", Enum(vm.Power)));
        }

        if (vm.OfflineAction is { } action)
        {
            fields.Add(("offlineAction", Enum(action)));
        }

        Add(fields, "guestOs", vm.GuestOs);
        if (vm.GuestDriver is { } driver)
        {
            fields.Add(("drivers", $"{{ guest: \"{driver}\" }}"));
        }

        return fields;
    }

    private static string Resources(PartitionResources resources)
    {
        var fields = new List<(string, string)>();
        foreach (var (key, range, sizes) in new[] { ("vram", resources.Vram, true), ("encode", resources.Encode, false), ("decode", resources.Decode, false), ("compute", resources.Compute, false) })
        {
            if (range is null)
            {
                continue;
            }

            string Value(ulong v) => sizes ? new ByteSize(v).ToString() : v.ToString(CultureInfo.InvariantCulture);
            var bounds = new[] { ("min", range.Min), ("max", range.Max), ("optimal", range.Optimal) }
                .Where(b => b.Item2 is not null)
                .Select(b => (b.Item1, Value(b.Item2!.Value)));
            fields.Add((key, Flow(bounds)));
        }

        return Flow(fields);
    }

    private static void Add(List<(string, string)> fields, string key, string? value)
    {
        if (value is not null)
        {
            fields.Add((key, Scalar(value)));
        }
    }

    private static void Add(List<(string, string)> fields, string key, int? value)
    {
        if (value is { } number)
        {
            fields.Add((key, number.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static string Flow(IEnumerable<(string Key, string Value)> fields)
    {
        var list = fields.ToList();
        return list.Count == 0 ? "{}" : "{ " + string.Join(", ", list.Select(f => $"{f.Key}: {f.Value}")) + " }";
    }

    private static string Enum<T>(T value)
        where T : struct, System.Enum => SpecSchema.CamelCase(value.ToString());

    private static string Time(TimeOnly time) => time == TimeOnly.MaxValue ? "\"24:00\"" : $"\"{time:HH\\:mm}\"";

    /// <summary>Plain when YAML reads it back as the same string, double-quoted otherwise.</summary>
    public static string Scalar(string value) =>
        PlainSafe().IsMatch(value) && !Keywords.Contains(value) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "yes", "no", "on", "off", "~" };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 ._/-]*(?<! )$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();
}
