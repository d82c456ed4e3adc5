using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Providers;

/// <summary>
/// The port to the machines of one cluster. The simulator and the Hyper-V provider implement it
/// and pass the same contract tests. Every call does one thing on one host and fails with a
/// <see cref="ProviderException"/> that says whether trying again may help.
/// </summary>
public interface IClusterProvider
{
    Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken);

    /// <summary>Asks the guest to shut down and waits up to <paramref name="timeout"/> for the VM to be Off.</summary>
    /// <exception cref="ProviderException">Kind <see cref="ProviderErrorKind.ShutdownTimedOut"/> when the guest did not stop in time.</exception>
    Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Hard power off (RequestStateChange 3).</summary>
    Task TurnOffVmAsync(string host, string vm, CancellationToken cancellationToken);

    Task StartVmAsync(string host, string vm, CancellationToken cancellationToken);

    /// <summary>
    /// What the VM's guest reports now through the heartbeat integration service: the guest
    /// health gate asks this after a start until the guest is up. Reads only; never changes anything.
    /// </summary>
    Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken cancellationToken);

    /// <summary>Adds a GPU partition adapter; <paramref name="gpuLocationPath"/> pins it to one GPU, null lets Hyper-V choose at start.</summary>
    Task AddPartitionAdapterAsync(string host, string vm, string? gpuLocationPath, PartitionSettings settings, CancellationToken cancellationToken);

    Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken cancellationToken);

    Task SetPartitionCountAsync(string host, string gpuLocationPath, int partitionCount, CancellationToken cancellationToken);

    /// <summary>Disables the GPU on the host and dismounts it, ready for DDA.</summary>
    Task DismountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken);

    /// <summary>Mounts a dismounted GPU back to the host.</summary>
    Task MountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken);

    Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken);

    Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken);

    Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken cancellationToken);

    Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken cancellationToken);

    /// <summary>Sets the failover cluster's OfflineAction of the VM's cluster resource.</summary>
    Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a clustered VM's cluster role from <paramref name="fromHost"/> to <paramref name="toHost"/>
    /// while the VM is off: the offline move GPU VMs need, as they cannot live-migrate. Moving a VM
    /// that is on <paramref name="toHost"/> already changes nothing.
    /// </summary>
    /// <exception cref="ProviderException">Permanent when the VM is not off, not clustered, or the target node takes no roles.</exception>
    Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken cancellationToken);

    Task CreatePoolAsync(string host, string pool, CancellationToken cancellationToken);

    Task AddGpuToPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken);

    Task RemoveGpuFromPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken);
}
