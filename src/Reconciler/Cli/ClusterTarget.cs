using System.CommandLine;
using Reconciler.HyperV;
using Reconciler.HyperV.Settings;
using Reconciler.Providers;

namespace Reconciler.Cli;

/// <summary>
/// The target of plan, apply and export: <c>--sim DIR</c> (the default) or <c>--hyperv FILE</c>
/// (connection settings for real hosts). Naming both is a usage error.
/// </summary>
internal sealed class ClusterTarget
{
    private readonly Option<string> _sim = SimTarget.Option();

    private readonly Option<string> _hyperV = new("--hyperv")
    {
        Description = "Hyper-V connection settings file (docs/hyperv.md): observe and change real hosts over WS-Management instead of the simulator",
    };

    private readonly Option<string?> _record = RecordOption();

    /// <summary>--record DIR: write every WS-Management exchange with the hosts there (docs/hyperv.md, "Recordings").</summary>
    public static Option<string?> RecordOption() => new("--record")
    {
        Description = "With --hyperv: write every WS-Management exchange with the hosts (request, response, timing; credentials removed) to this directory, to send with a bug report (docs/hyperv.md)",
    };

    /// <summary>--record belongs to a Hyper-V target; without one there is nothing to record.</summary>
    public static string? Record(ParseResult result, Option<string?> record, bool hyperV) =>
        result.GetValue(record) is { } directory && !hyperV
            ? throw new UsageException("--record records the WS-Management exchanges with Hyper-V hosts; give --hyperv too")
            : result.GetValue(record);

    public void AddTo(Command command)
    {
        command.Options.Add(_sim);
        command.Options.Add(_hyperV);
        command.Options.Add(_record);
    }

    public IClusterProvider Open(ParseResult result)
    {
        var record = Record(result, _record, result.GetValue(_hyperV) is not null);
        if (result.GetValue(_hyperV) is not { } settings)
        {
            return SimTarget.Open(result.GetValue(_sim)!);
        }

        if (result.GetResult(_sim) is { Implicit: false })
        {
            throw new UsageException("--sim and --hyperv name two different targets; give one of them");
        }

        try
        {
            return HyperVTarget.Open(settings, recordDirectory: record);
        }
        catch (HyperVSettingsException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
