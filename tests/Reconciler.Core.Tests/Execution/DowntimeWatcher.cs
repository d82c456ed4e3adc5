using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

/// <summary>
/// A provider in front of another that tracks how many VMs are down at each instant: from the
/// moment a shutdown is asked for (the guest may go at once) until its guest reports healthy again
/// after a start (the guest health gate: a started VM whose guest still boots is not available).
/// Shutdowns take a moment, so that other steps finish while one is still in flight.
/// </summary>
internal sealed class DowntimeWatcher(IClusterProvider inner, TimeSpan shutdownLag) : IClusterProvider
{
    private readonly HashSet<string> _down = new(StringComparer.OrdinalIgnoreCase);

    public int MostDownAtOnce { get; private set; }

    public async Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken ct)
    {
        lock (_down)
        {
            _down.Add(vm);
            MostDownAtOnce = Math.Max(MostDownAtOnce, _down.Count);
        }

        await Task.Delay(shutdownLag, ct);
        await inner.ShutdownVmAsync(host, vm, timeout, ct);
    }

    public Task StartVmAsync(string host, string vm, CancellationToken ct) => inner.StartVmAsync(host, vm, ct);

    public async Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken ct)
    {
        var health = await inner.GuestHealthAsync(host, vm, ct);
        if (health.IsUp())
        {
            lock (_down)
            {
                _down.Remove(vm);
            }
        }

        return health;
    }

    public Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken) => inner.ObserveAsync(cancellationToken);

    public Task TurnOffVmAsync(string host, string vm, CancellationToken ct) => inner.TurnOffVmAsync(host, vm, ct);

    public Task AddPartitionAdapterAsync(string host, string vm, string? gpu, PartitionSettings settings, CancellationToken ct) => inner.AddPartitionAdapterAsync(host, vm, gpu, settings, ct);

    public Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken ct) => inner.RemovePartitionAdapterAsync(host, vm, ct);

    public Task SetPartitionCountAsync(string host, string gpu, int count, CancellationToken ct) => inner.SetPartitionCountAsync(host, gpu, count, ct);

    public Task DismountGpuAsync(string host, string gpu, CancellationToken ct) => inner.DismountGpuAsync(host, gpu, ct);

    public Task MountGpuAsync(string host, string gpu, CancellationToken ct) => inner.MountGpuAsync(host, gpu, ct);

    public Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken ct) => inner.AddDdaDeviceAsync(host, vm, device, ct);

    public Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken ct) => inner.RemoveDdaDeviceAsync(host, vm, device, ct);

    public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken ct) => inner.SetMmioAsync(host, vm, low, high, ct);

    public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken ct) => inner.SetAutomaticStopActionAsync(host, vm, action, ct);

    public Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken ct) => inner.SetOfflineActionAsync(vm, action, ct);

    public Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken ct) => inner.MoveVmAsync(vm, fromHost, toHost, ct);

    public Task CreatePoolAsync(string host, string pool, CancellationToken ct) => inner.CreatePoolAsync(host, pool, ct);

    public Task AddGpuToPoolAsync(string host, string pool, string gpu, CancellationToken ct) => inner.AddGpuToPoolAsync(host, pool, gpu, ct);

    public Task RemoveGpuFromPoolAsync(string host, string pool, string gpu, CancellationToken ct) => inner.RemoveGpuFromPoolAsync(host, pool, gpu, ct);
}
