using Reconciler.Cli.Alerts;
using Reconciler.Execution;

namespace Reconciler.Cli.Service;

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

    public HttpSettings Http { get; set; } = new();

    public AlertSettings Alerts { get; set; } = new();

    public ExecutorOptions Executor { get; set; } = new();

    public string JournalDirectory => Path.Combine(StateDirectory, "journal");

    public string GitCacheDirectory => Path.Combine(StateDirectory, "git");
}

internal sealed class SourceSettings
{
    /// <summary>Clone URL or local directory; empty = the git repository the service is started in.</summary>
    public string? Repository { get; set; }

    /// <summary>Branch to follow; empty = the started-in repository's current branch, or a remote's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Directory (or file) of the specs inside the repository.</summary>
    public string Path { get; set; } = "specs/examples";

    /// <summary>Time limit of a fetch (connecting, and each wait on the remote) and of each signature check.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>File holding an HTTPS access token.</summary>
    public string? TokenFile { get; set; }

    public string TokenUser { get; set; } = "x-access-token";

    public string? SshKeyFile { get; set; }

    public string? SshKnownHostsFile { get; set; }

    /// <summary>PEM certificates of an in-house CA that signs the HTTPS remote's certificate (besides the system's).</summary>
    public string? CaFile { get; set; }

    /// <summary>none | gpg | ssh: refuse revisions whose tip commit is not signed by a trusted key.</summary>
    public string Verify { get; set; } = "none";

    /// <summary>Armored public keys of trusted signers (Verify = gpg).</summary>
    public string? TrustedKeysFile { get; set; }

    /// <summary>SSH allowed-signers file (Verify = ssh).</summary>
    public string? AllowedSignersFile { get; set; }
}

internal sealed class SimulatorSettings
{
    /// <summary>World files (kind SimulatedCluster); a cluster whose name matches a world's gets a simulator made from it.</summary>
    public string Worlds { get; set; } = "specs/worlds";

    /// <summary>Where simulated clusters keep their state (one directory per cluster); default: StateDirectory/sim.</summary>
    public string? Directory { get; set; }
}

internal sealed class ClusterSettings
{
    /// <summary>State directory of an existing simulated cluster (made with reconciler sim init).</summary>
    public string? Simulator { get; set; }

    /// <summary>Connection settings file for real Hyper-V hosts (docs/hyperv.md).</summary>
    public string? HyperV { get; set; }
}

internal sealed class HttpSettings
{
    /// <summary>Address the API listens on.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>File with a bearer token that POST endpoints require; none = no token needed.</summary>
    public string? TokenFile { get; set; }

    /// <summary>File with the secret git forges sign push webhooks with; none = signatures not required.</summary>
    public string? WebhookSecretFile { get; set; }
}

internal sealed class AlertSettings
{
    /// <summary>A standing alert is sent again at most this often.</summary>
    public TimeSpan RenotifyInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Where alerts are delivered; with none, alerts are only logged.</summary>
    public List<AlertChannelOptions> Channels { get; set; } = [];
}
