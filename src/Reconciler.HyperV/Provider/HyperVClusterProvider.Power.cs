using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>Power: guest shutdown through the shutdown integration component, RequestStateChange for the rest.</summary>
public sealed partial class HyperVClusterProvider
{
    private const int Enabled = 2;
    private const int Disabled = 3;

    public async Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        if (HostObserver.PowerState(system.Int("EnabledState")) == VmPowerState.Off)
        {
            return;
        }

        var guid = system.String("Name")!;
        var components = await session.QueryAsync(CimClasses.ShutdownComponent, $"SystemName = {CimClasses.Literal(guid)}", cancellationToken).ConfigureAwait(false);
        var component = components.Count > 0 ? components[0] : throw new ProviderException(ProviderErrorKind.ShutdownTimedOut,
                $"VM {vm} on host {host} has no shutdown integration service, so its guest cannot be asked to shut down.", "NoShutdownComponent");
        IReadOnlyList<KeyValuePair<string, string>> selectors =
        [
            new("CreationClassName", CimClasses.ShutdownComponent),
            new("DeviceID", component.String("DeviceID") ?? ""),
            new("SystemCreationClassName", CimClasses.ComputerSystem),
            new("SystemName", guid),
        ];
        await session.RunAsync(CimClasses.ShutdownComponent, selectors, "InitiateShutdown",
            [InvokeParameter.Simple("Force", "true"), InvokeParameter.Simple("Reason", "Reconciler: GPU layout change")],
            $"shutting down the guest of VM {vm}", cancellationToken).ConfigureAwait(false);

        // 0 only means the guest was asked; wait for the VM to be Off.
        var deadline = session.Time.GetUtcNow() + timeout;
        while (true)
        {
            var state = await EnabledStateAsync(session, system, cancellationToken).ConfigureAwait(false);
            if (state == Disabled)
            {
                return;
            }

            if (session.Time.GetUtcNow() >= deadline)
            {
                throw new ProviderException(ProviderErrorKind.ShutdownTimedOut,
                    $"the guest of VM {vm} on host {host} did not shut down within {DurationText.Format(timeout)}.", "ShutdownTimeout");
            }

            await Task.Delay(_shutdownPoll, session.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task TurnOffVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        RequestStateAsync(host, vm, Disabled, "turning off", cancellationToken);

    public Task StartVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        RequestStateAsync(host, vm, Enabled, "starting", cancellationToken);

    /// <summary>RequestStateChange, skipped when the VM is already there (so repeating is harmless).</summary>
    private async Task RequestStateAsync(string host, string vm, int requested, string doing, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        if (system.Int("EnabledState") == requested)
        {
            return;
        }

        await session.RunAsync(CimClasses.ComputerSystem, SystemSelectors(system), "RequestStateChange",
            [InvokeParameter.Simple("RequestedState", requested.ToString(CultureInfo.InvariantCulture))],
            $"{doing} VM {vm}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int?> EnabledStateAsync(HostSession session, CimInstance system, CancellationToken cancellationToken)
    {
        try
        {
            var now = await session.Client.GetAsync(CimClasses.Uri(CimClasses.ComputerSystem), SystemSelectors(system), cancellationToken).ConfigureAwait(false);
            return now.Int("EnabledState");
        }
        catch (WsManException ex)
        {
            throw ex.ToProviderException(session.Host, $"reading the state of VM {system.String("ElementName")}");
        }
    }
}
