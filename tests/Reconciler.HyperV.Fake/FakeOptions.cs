using System.Collections.Concurrent;
using Reconciler.HyperV.Fake.Auth;

namespace Reconciler.HyperV.Fake;

/// <summary>How the fake host behaves where real hosts differ or fail.</summary>
public sealed class FakeOptions
{
    public string Username { get; set; } = "reconciler";

    public string Password { get; set; } = "fake-password";

    /// <summary>Basic (the default here), or Negotiate: with <see cref="Listen"/> on plain HTTP every body must be encrypted, as hosts come.</summary>
    public FakeAuth Auth { get; set; } = FakeAuth.Basic;

    /// <summary>
    /// Negotiate: the keytab holding the host's HTTP/ service key (KRB5_KTNAME for the acceptor);
    /// null: GSSAPI's default keytab, or KRB5_KTNAME as the process has it.
    /// </summary>
    public string? KeytabFile { get; set; }

    /// <summary>Negotiate: the krb5.conf of the fake's realm, written into the settings file it hands out (kerberos.configFile).</summary>
    public string? KerberosConfigFile { get; set; }

    /// <summary>The address the settings file gives for every host; for Kerberos the name of the keytab's HTTP/&lt;name&gt; principal.</summary>
    public string HostName { get; set; } = "127.0.0.1";

    /// <summary>Polls a job answers "Running" before its end state.</summary>
    public int JobRunningPolls { get; set; } = 1;

    /// <summary>Polls answered with the end state before the job is removed (real hosts: 5 minutes).</summary>
    public int JobEndPolls { get; set; } = 1;

    /// <summary>Jobs are removed as soon as they start, so the first poll finds nothing.</summary>
    public bool JobsVanishAtOnce { get; set; }

    /// <summary>
    /// Changes that start a job take effect when the job ends (real hosts), not at the call; a
    /// job polled no more never applies. Off by default so vanishing jobs still change the state.
    /// </summary>
    public bool ApplyWhenJobEnds { get; set; }

    /// <summary>
    /// Methods (by name) whose next call is carried out and then the connection drops before the
    /// reply: a response lost on the way back, one call each.
    /// </summary>
    public ConcurrentQueue<string> LoseReplyTo { get; } = new();

    /// <summary>VMs whose guest is locked: InitiateShutdown without Force answers 32781.</summary>
    public HashSet<string> LockedGuests { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The clock guests boot by (the simulator's behaviour.guests.boot): a test moves it to let a
    /// guest's heartbeat turn OK. Only guest health reads it.
    /// </summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>VMs whose heartbeat integration service is turned off (Msvm_HeartbeatComponent EnabledState 3): Hyper-V cannot tell whether their guest is up.</summary>
    public HashSet<string> HeartbeatDisabled { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>VMs whose guest stopped answering its heartbeat (OperationalStatus 13, Lost Communication).</summary>
    public HashSet<string> LostCommunication { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many InitiateShutdown calls answer 32780 (not ready) before guests act on them.</summary>
    public int GuestNotReadyTimes { get; set; }

    /// <summary>Non-GPU PCIe devices (NVMe, NICs) dismounted and passed through to VMs, beside the simulator's GPUs.</summary>
    public List<FakePassThrough> PassThroughDevices { get; } = [];

    /// <summary>The host's GPUs have no vendor mitigation driver: only a forced dismount (both Require* false) passes.</summary>
    public bool NoMitigationDriver { get; set; }

    /// <summary>The listener's certificate, intermediates and issuing root; null: one self-signed certificate.</summary>
    public FakeTls? Tls { get; set; }

    /// <summary>
    /// Extra GPU partition adapters on VMs (made by hand, or by a repeated add): real hosts let a
    /// VM hold several; the simulator models one, so these live beside it, unset values, unpinned.
    /// </summary>
    public List<FakeExtraAdapter> ExtraPartitionAdapters { get; } = [];

    /// <summary>Guests ignore InitiateShutdown (no integration service acting on it).</summary>
    public bool GuestsIgnoreShutdown { get; set; }

    /// <summary>
    /// WMI namespaces (<c>root/virtualization/v2</c>, <c>root/cimv2</c>, <c>root/MSCluster</c>)
    /// the account may not use: every call there is refused with access denied (<see cref="FakeAccess"/>).
    /// </summary>
    public HashSet<string> DeniedNamespaces { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Address, ports and scheme of the hosts' listeners (tests: loopback, free ports, HTTPS).</summary>
    public FakeListen Listen { get; set; } = FakeListen.LoopbackHttps;

    /// <summary>Cluster resources of VMs renamed from "Virtual Machine &lt;vm&gt;" (VM name → resource name).</summary>
    public Dictionary<string, string> ClusterResourceNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// VM roles (cluster groups) renamed from the VM's name (VM name → group name), as an admin
    /// renames a role in Failover Cluster Manager or Rename-ClusterGroup does.
    /// </summary>
    public Dictionary<string, string> ClusterGroupNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Methods that start a job answer 4096 without a Job reference (go-wsman's DefineSystem fixture has none).</summary>
    public bool OmitJobReference { get; set; }

    /// <summary>Faults to answer the next requests with, in order, before serving normally.</summary>
    public Queue<FakeFailure> Failures { get; } = new();
}

/// <summary>A non-GPU device passed through to a VM: its host entry and the VM's setting for it.</summary>
public sealed record FakePassThrough(string Host, string Vm, string LocationPath, string InstancePath, string ElementName);

/// <summary>A listener certificate (with its key), the intermediates it is sent with, and the root the settings' caFile holds.</summary>
public sealed record FakeTls(System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, System.Security.Cryptography.X509Certificates.X509Certificate2Collection Intermediates, System.Security.Cryptography.X509Certificates.X509Certificate2 Root);

/// <summary>An extra GPU partition adapter of a VM; <see cref="InstanceId"/> is its Msvm_GpuPartitionSettingData key.</summary>
public sealed record FakeExtraAdapter(string Host, string Vm)
{
    public string InstanceId => $@"Microsoft:{FakeIds.Vm(Vm)}\{FakeIds.Guid("gpup-extra/" + Vm)}";
}

/// <summary>An injected failure.</summary>
public enum FakeFailure
{
    /// <summary>A w:TimedOut fault (2150858793), transient.</summary>
    TimedOut,

    /// <summary>HTTP 503 with an HTML body: a restarting service.</summary>
    Unavailable,

    /// <summary>HTTP 401 with no body.</summary>
    Unauthorized,

    /// <summary>An access-denied fault (code 5).</summary>
    AccessDenied,

}
