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

    public void AddTo(Command command)
    {
        command.Options.Add(_sim);
        command.Options.Add(_hyperV);
    }

    /// <summary>Whether the user named a target (a verb that can also work offline, like capacity, asks).</summary>
    public bool Given(ParseResult result) => result.GetValue(_hyperV) is not null || result.GetResult(_sim) is { Implicit: false };

    public IClusterProvider Open(ParseResult result)
    {
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
            return HyperVTarget.Open(settings);
        }
        catch (HyperVSettingsException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
