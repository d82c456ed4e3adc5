using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;

namespace Reconciler.Execution;

/// <summary>Carries out one operation through the provider port: the one place an operation kind becomes a provider call.</summary>
public static class OperationDispatch
{
    public static async Task ExecuteAsync(IClusterProvider provider, Operation op, CancellationToken cancellationToken)
    {
        var a = op.Arguments;
        var vm = op.Vm ?? "";
        var gpu = op.Gpu ?? "";
        switch (op.Kind)
        {
            case OperationKind.StopVm:
                await StopAsync(provider, op, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.StartVm:
                await provider.StartVmAsync(op.Host, vm, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.RemovePartitionAdapter:
                await provider.RemovePartitionAdapterAsync(op.Host, vm, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.AddPartitionAdapter:
                await provider.AddPartitionAdapterAsync(op.Host, vm, a.PinnedGpu, a.Settings ?? PartitionSettings.None, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.RemoveDdaDevice:
                await provider.RemoveDdaDeviceAsync(op.Host, vm, Required(a.Device, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.AddDdaDevice:
                await provider.AddDdaDeviceAsync(op.Host, vm, Required(a.Device, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.SetPartitionCount:
                await provider.SetPartitionCountAsync(op.Host, gpu, Required(a.PartitionCount, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.DismountGpu:
                await provider.DismountGpuAsync(op.Host, gpu, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.MountGpu:
                await provider.MountGpuAsync(op.Host, gpu, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.CreatePool:
                await provider.CreatePoolAsync(op.Host, Required(a.Pool, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.AddGpuToPool:
                await provider.AddGpuToPoolAsync(op.Host, Required(a.Pool, op), gpu, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.RemoveGpuFromPool:
                await provider.RemoveGpuFromPoolAsync(op.Host, Required(a.Pool, op), gpu, cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.SetMmio:
                await provider.SetMmioAsync(op.Host, vm, Required(a.MmioLow, op), Required(a.MmioHigh, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.SetAutomaticStopAction:
                await provider.SetAutomaticStopActionAsync(op.Host, vm, Required(a.StopAction, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.MoveVm:
                await provider.MoveVmAsync(vm, op.Host, Required(a.TargetHost, op), cancellationToken).ConfigureAwait(false);
                break;
            case OperationKind.SetOfflineAction:
                await provider.SetOfflineActionAsync(vm, Required(a.OfflineAction, op), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"no provider call for {op.Kind}");
        }
    }

    /// <summary>Guest shutdown first; after the policy timeout, turn off or give up (the VM keeps running).</summary>
    private static async Task StopAsync(IClusterProvider provider, Operation op, CancellationToken cancellationToken)
    {
        try
        {
            await provider.ShutdownVmAsync(op.Host, op.Vm!, op.Arguments.ShutdownTimeout ?? TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.ShutdownTimedOut && op.Arguments.OnTimeout != Spec.ShutdownTimeoutAction.Abort)
        {
            await provider.TurnOffVmAsync(op.Host, op.Vm!, cancellationToken).ConfigureAwait(false);
        }
    }

    private static T Required<T>(T? value, Operation op)
        where T : class => value ?? throw new InvalidOperationException($"{op.Id} ({op.Kind}) lacks an argument");

    private static T Required<T>(T? value, Operation op)
        where T : struct => value ?? throw new InvalidOperationException($"{op.Id} ({op.Kind}) lacks an argument");
}
