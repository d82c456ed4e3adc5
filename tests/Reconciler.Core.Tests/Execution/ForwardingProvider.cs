using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

/// <summary>
/// A provider in front of another (the simulator) that passes every call on; tests override the
/// one call they disturb. Every change goes through <see cref="ChangeAsync"/>, so a test can see
/// or delay all of them in one place.
/// </summary>
internal abstract class ForwardingProvider(IClusterProvider inner) : IClusterProvider
{
    protected IClusterProvider Inner => inner;

    public virtual Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken) => inner.ObserveAsync(cancellationToken);

    /// <summary>One change on <paramref name="host"/> (null: cluster-wide), made by <paramref name="call"/>.</summary>
    protected virtual Task ChangeAsync(string? host, Func<Task> call, CancellationToken ct) => call();

    public virtual Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken ct) => ChangeAsync(host, () => inner.ShutdownVmAsync(host, vm, timeout, ct), ct);

    public Task TurnOffVmAsync(string host, string vm, CancellationToken ct) => ChangeAsync(host, () => inner.TurnOffVmAsync(host, vm, ct), ct);

    public virtual Task StartVmAsync(string host, string vm, CancellationToken ct) => ChangeAsync(host, () => inner.StartVmAsync(host, vm, ct), ct);

    public virtual Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken ct) => inner.GuestHealthAsync(host, vm, ct);

    public Task AddPartitionAdapterAsync(string host, string vm, string? gpu, PartitionSettings settings, CancellationToken ct) => ChangeAsync(host, () => inner.AddPartitionAdapterAsync(host, vm, gpu, settings, ct), ct);

    public Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken ct) => ChangeAsync(host, () => inner.RemovePartitionAdapterAsync(host, vm, ct), ct);

    public Task SetPartitionCountAsync(string host, string gpu, int count, CancellationToken ct) => ChangeAsync(host, () => inner.SetPartitionCountAsync(host, gpu, count, ct), ct);

    public Task DismountGpuAsync(string host, string gpu, CancellationToken ct) => ChangeAsync(host, () => inner.DismountGpuAsync(host, gpu, ct), ct);

    public Task MountGpuAsync(string host, string gpu, CancellationToken ct) => ChangeAsync(host, () => inner.MountGpuAsync(host, gpu, ct), ct);

    public Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken ct) => ChangeAsync(host, () => inner.AddDdaDeviceAsync(host, vm, device, ct), ct);

    public Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken ct) => ChangeAsync(host, () => inner.RemoveDdaDeviceAsync(host, vm, device, ct), ct);

    public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken ct) => ChangeAsync(host, () => inner.SetMmioAsync(host, vm, low, high, ct), ct);

    public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken ct) => ChangeAsync(host, () => inner.SetAutomaticStopActionAsync(host, vm, action, ct), ct);

    public Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken ct) => ChangeAsync(null, () => inner.SetOfflineActionAsync(vm, action, ct), ct);

    public Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken ct) => ChangeAsync(fromHost, () => inner.MoveVmAsync(vm, fromHost, toHost, ct), ct);

    public Task CreatePoolAsync(string host, string pool, CancellationToken ct) => ChangeAsync(host, () => inner.CreatePoolAsync(host, pool, ct), ct);

    public Task AddGpuToPoolAsync(string host, string pool, string gpu, CancellationToken ct) => ChangeAsync(host, () => inner.AddGpuToPoolAsync(host, pool, gpu, ct), ct);

    public Task RemoveGpuFromPoolAsync(string host, string pool, string gpu, CancellationToken ct) => ChangeAsync(host, () => inner.RemoveGpuFromPoolAsync(host, pool, gpu, ct), ct);
}
