using Reconciler.Execution;

namespace Reconciler.Settings;

/// <summary>
/// Settings of <c>reconciler run</c>, bound from the "Reconciler" section of the configuration
/// (a JSON file given with --config, environment variables like Reconciler__Source__Branch, and
/// flags). Every setting has a default; with none at all the service serves the repository it
/// is started in with the embedded simulator. Paths are relative to the working directory.
/// </summary>
internal sealed class ServiceOptions
{
    public const string Section = "Reconciler";

    public SourceSettings Source { get; set; } = new();

    /// <summary>Time between ticks when all is well.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay after a failed tick; it doubles per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Directory under which the git cache, journals and simulator state live by default.</summary>
    public string StateDirectory { get; set; } = ".reconciler/run";

    public SimulatorSettings Simulator { get; set; } = new();

    /// <summary>Per-cluster provider settings, by cluster name; clusters not listed use the simulator.</summary>
    public Dictionary<string, ClusterSettings> Clusters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where Hyper-V clusters record their WS-Management exchanges (one subdirectory per cluster); null: not recorded.</summary>
    public string? RecordDirectory { get; set; }

    public HttpSettings Http { get; set; } = new();

    public AlertSettings Alerts { get; set; } = new();

    public ExecutorOptions Executor { get; set; } = new();

    public string JournalDirectory => Path.Combine(StateDirectory, "journal");

    public string GitCacheDirectory => Path.Combine(StateDirectory, "git");
}
