using System.CommandLine;
using Reconciler.HyperV;
using Reconciler.HyperV.Settings;
using Reconciler.Providers;

namespace Reconciler.Cli;

/// <summary>
/// The one place that chooses a verb's target: <c>--sim DIR</c> or <c>--hyperv FILE</c>
/// (connection settings for real hosts). Naming both is a usage error. plan, apply and export
/// always have a target (the default simulator directory); diff has one only when named.
/// </summary>
internal sealed class ClusterTarget
{
    private readonly Option<string> _sim;

    private readonly Option<string> _hyperV;

    private readonly bool _optional;

    private ClusterTarget(Option<string> sim, string hyperVDescription, bool optional)
    {
        _sim = sim;
        _hyperV = new("--hyperv") { Description = hyperVDescription };
        _optional = optional;
    }

    /// <summary>plan, apply, export: the simulator in its default directory unless told otherwise.</summary>
    public static ClusterTarget Required() => new(
        SimTarget.Option(),
        "Hyper-V connection settings file (docs/hyperv.md): observe and change real hosts over WS-Management instead of the simulator",
        optional: false);

    /// <summary>diff: no live target (the base revision's layout stands in) unless one is named.</summary>
    public static ClusterTarget Optional(string simDescription, string hyperVDescription) => new(
        new Option<string>("--sim") { Description = simDescription },
        hyperVDescription,
        optional: true);

    /// <summary>--record DIR: write every WS-Management exchange with the hosts there (docs/hyperv.md, "Recordings").</summary>
    private readonly Option<string?> _record = new("--record")
    {
        Description = "With --hyperv: write every WS-Management exchange with the hosts (request, response, timing; credentials removed) to this directory, to send with a bug report (docs/hyperv.md)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_sim);
        command.Options.Add(_hyperV);
        command.Options.Add(_record);
    }

    public IClusterProvider Open(ParseResult result) =>
        TryOpen(result)?.Provider ?? throw new InvalidOperationException("a required target always has the default simulator");

    /// <summary>The named target and a phrase saying where observations come from; null when an optional target is not named.</summary>
    public (IClusterProvider Provider, string Description)? TryOpen(ParseResult result)
    {
        switch (Choose(result))
        {
            case ({ } settings, _):
                try
                {
                    return (HyperVTarget.Open(settings, recordDirectory: RecordDirectory(result)), $"from the Hyper-V hosts of {settings}");
                }
                catch (HyperVSettingsException ex)
                {
                    throw new UsageException(ex.Message);
                }

            case (_, { } directory):
                return (SimTarget.Open(directory), $"from the simulator in {directory}");
            default:
                return null;
        }
    }

    /// <summary>
    /// Which target is named, without opening it (check reads the settings file itself): the
    /// Hyper-V settings file, or the simulator directory; both null when an optional target is
    /// not named.
    /// </summary>
    public (string? HyperVSettings, string? SimDirectory) Choose(ParseResult result)
    {
        var simNamed = result.GetResult(_sim) is { Implicit: false };
        if (RecordDirectory(result) is not null && result.GetValue(_hyperV) is null)
        {
            // Only the Hyper-V provider speaks WS-Management; without it there is nothing to record.
            throw new UsageException("--record records the WS-Management exchanges with Hyper-V hosts; give --hyperv too");
        }

        if (result.GetValue(_hyperV) is { } settings)
        {
            return simNamed
                ? throw new UsageException("--sim and --hyperv name two different targets; give one of them")
                : (settings, null);
        }

        return _optional && !simNamed ? (null, null) : (null, result.GetValue(_sim)!);
    }

    /// <summary>--record DIR, with --hyperv only.</summary>
    public string? RecordDirectory(ParseResult result) => result.GetValue(_record);
}
