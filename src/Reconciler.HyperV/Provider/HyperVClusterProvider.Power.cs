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
        switch (HostObserver.PowerState(system.Int("EnabledState")))
        {
            case VmPowerState.Off:
                return;
            case VmPowerState.Saved or VmPowerState.Paused:
                // No guest runs to act on InitiateShutdown (the host answers 32775): no graceful
                // shutdown is possible, so the spec's shutdown.onTimeout decides, as for a guest
                // that does not stop (turnOff discards the saved or paused state).
                throw new ProviderException(ProviderErrorKind.ShutdownTimedOut,
                    $"VM {vm} on host {host} is {HostObserver.PowerState(system.Int("EnabledState"))}: its guest is not running, so it cannot shut down gracefully.", "NotRunning");
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
        try
        {
            // Force=false: a graceful shutdown that lets applications keep unsaved data
            // (hyperv-gpu.md §2.7); forcing is the spec's onTimeout policy's call, as turn-off.
            await session.RunAsync(CimClasses.ShutdownComponent, selectors, "InitiateShutdown",
                [InvokeParameter.Simple("Force", "false"), InvokeParameter.Simple("Reason", "Reconciler: GPU layout change")],
                $"shutting down the guest of VM {vm}", cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Code == ReturnCode(ReturnCodes.ShutdownInProgress))
        {
            // Someone (an earlier attempt of ours) already asked: wait for it like for our own.
        }
        catch (ProviderException ex) when (ex.Code == ReturnCode(ReturnCodes.MachineLocked))
        {
            // Only a forced shutdown would pass a locked guest; that is the policy's decision.
            throw new ProviderException(ProviderErrorKind.ShutdownTimedOut,
                $"the guest of VM {vm} on host {host} is locked and refuses a graceful shutdown (32781).", "MachineLocked", ex);
        }

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

    private static string ReturnCode(int value) => $"ReturnValue {value.ToString(CultureInfo.InvariantCulture)}";

    public Task TurnOffVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        RequestStateAsync(host, vm, Disabled, "turning off", cancellationToken);

    public Task StartVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        RequestStateAsync(host, vm, Enabled, "starting", cancellationToken);

    /// <summary>
    /// RequestStateChange, skipped when the VM is already there, so repeating it is harmless: a
    /// retried start of a VM the first attempt started is done rather than a 32775 "invalid state".
    /// </summary>
    private async Task RequestStateAsync(string host, string vm, int requested, string doing, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var what = $"{doing} VM {vm}";
        await session.ChangeAsync($"state {vm}", what,
            async ct =>
            {
                var state = (await session.VmAsync(vm, ct).ConfigureAwait(false)).Int("EnabledState");
                if (state == requested)
                {
                    return true;
                }

                // On its way there (an earlier attempt's transition): asking again would be refused
                // with 32775, so wait for it to arrive.
                var power = HostObserver.PowerState(state);
                if ((requested == Enabled && power == VmPowerState.Starting) || (requested == Disabled && power == VmPowerState.Stopping))
                {
                    throw new ProviderException(ProviderErrorKind.Transient, $"host {host}: VM {vm} is {power}, not yet {(requested == Enabled ? "running" : "off")}.", "InTransition");
                }

                return false;
            },
            async (jobStarted, ct) =>
            {
                var system = await session.VmAsync(vm, ct).ConfigureAwait(false);
                await session.RunAsync(CimClasses.ComputerSystem, SystemSelectors(system), "RequestStateChange",
                    [InvokeParameter.Simple("RequestedState", requested.ToString(CultureInfo.InvariantCulture))],
                    what, ct, jobStarted).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
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
