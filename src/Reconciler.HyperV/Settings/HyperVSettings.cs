namespace Reconciler.HyperV.Settings;

/// <summary>The connection settings file (docs/hyperv.md), read by <see cref="HyperVSettingsReader"/>.</summary>
public sealed record HyperVSettings(
    string Cluster,
    IReadOnlyList<HyperVHost> Hosts,
    HyperVAuth Auth,
    string UsernameFile,
    string PasswordFile,
    string? CaFile,
    bool InsecureSkipVerify,
    TimeSpan OperationTimeout,
    TimeSpan JobTimeout,
    TimeSpan JobPollInterval,
    TimeSpan ShutdownPollInterval)
{
    /// <summary>
    /// Dismount as Dismount-VMHostAssignableDevice -Force does: RequireAcsSupport and
    /// RequireDeviceMitigations false. Off by default, as the cmdlet without -Force: both true, so
    /// a GPU without ACS or without the vendor's mitigation driver is refused, not exposed.
    /// </summary>
    public bool ForceDismount { get; init; }

    /// <summary>HTTP (5985, as hosts come) or HTTPS (5986).</summary>
    public HyperVTransport Transport { get; init; } = HyperVTransport.Http;

    /// <summary>
    /// The krb5.conf GSSAPI reads (KRB5_CONFIG); null: the system's /etc/krb5.conf. Process-wide:
    /// GSSAPI reads it from the environment.
    /// </summary>
    public string? KerberosConfigFile { get; init; }

    /// <summary>A client keytab holding the user's keys (KRB5_CLIENT_KTNAME), instead of a password file.</summary>
    public string? KeytabFile { get; init; }

    public const int DefaultHttpPort = 5985;
    public const int DefaultHttpsPort = 5986;

    /// <summary>The port a host has when the file gives none: WinRM's default for the transport.</summary>
    public static int DefaultPort(HyperVTransport transport) => transport == HyperVTransport.Https ? DefaultHttpsPort : DefaultHttpPort;
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(60);

    /// <summary>WinRM's default MaxTimeoutms: a longer OperationTimeout draws w:InvalidHeader on every call.</summary>
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromSeconds(60);

    // One provider call (a few reads, the method, its job) must end inside the executor's call
    // timeout (2 min by default), or the executor abandons the call while the job still runs.
    // 60 s + 15 s HTTP margin + 40 s fits; a job still running then is waited for, not re-sent,
    // by the next attempt.
    public static readonly TimeSpan DefaultJobTimeout = TimeSpan.FromSeconds(40);
    public static readonly TimeSpan DefaultJobPollInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan DefaultShutdownPollInterval = TimeSpan.FromSeconds(1);
}
