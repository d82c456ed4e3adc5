namespace Reconciler.HyperV.Settings;

/// <summary>How the provider authenticates to WinRM.</summary>
public enum HyperVAuth
{
    /// <summary>Kerberos, or NTLM for local and workgroup accounts (the default).</summary>
    Negotiate,

    /// <summary>Local accounts only, and only when the host's WinRM service allows Basic.</summary>
    Basic,
}

/// <summary>One Hyper-V host: the name specs use, and where its WinRM HTTPS listener is.</summary>
public sealed record HyperVHost(string Name, string Address, int Port);

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

    public const int DefaultPort = 5986;
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
