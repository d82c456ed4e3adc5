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

    /// <summary>The settings file of --hyperv, or null for the simulator in <see cref="SimDirectory"/>; both named is a usage error.</summary>
    public string? HyperVSettings(ParseResult result)
    {
        if (result.GetValue(_hyperV) is { } settings && result.GetResult(_sim) is { Implicit: false })
        {
            throw new UsageException("--sim and --hyperv name two different targets; give one of them");
        }

        return result.GetValue(_hyperV);
    }

    public string SimDirectory(ParseResult result) => result.GetValue(_sim)!;

    public IClusterProvider Open(ParseResult result)
    {
        if (HyperVSettings(result) is not { } settings)
        {
            return SimTarget.Open(SimDirectory(result));
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
