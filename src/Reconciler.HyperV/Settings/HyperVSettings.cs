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
    public const int DefaultPort = 5986;
    public static readonly TimeSpan DefaultOperationTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultJobTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultJobPollInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan DefaultShutdownPollInterval = TimeSpan.FromSeconds(1);
}
