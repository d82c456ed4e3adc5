using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

// Usage: worker STATE_DIR. Cycles through a change that touches every kind of state (power,
// adapters, partition counts) forever; the crash test kills it at random instants and watches
// progress through the operation counter in the state file.
var provider = new SimulatedClusterProvider(new StateStore(args[0]), TimeProvider.System);
const string Host = "hv-01";
const string Gpu = "PCIROOT(0)#PCI(0100)#PCI(0000)";
var counts = new[] { 2, 4, 8 };
for (var round = 0; ; round++)
{
    try
    {
        await provider.TurnOffVmAsync(Host, "vm-a", CancellationToken.None);
        await provider.TurnOffVmAsync(Host, "vm-b", CancellationToken.None);
        var cluster = await provider.ObserveAsync(CancellationToken.None);
        if (cluster.Vm("vm-a")!.Partition is not null)
        {
            await provider.RemovePartitionAdapterAsync(Host, "vm-a", CancellationToken.None);
        }

        if (cluster.Vm("vm-b")!.Partition is not null)
        {
            await provider.RemovePartitionAdapterAsync(Host, "vm-b", CancellationToken.None);
        }

        await provider.SetPartitionCountAsync(Host, Gpu, counts[round % counts.Length], CancellationToken.None);
        await provider.AddPartitionAdapterAsync(Host, "vm-a", Gpu, PartitionSettings.None, CancellationToken.None);
        await provider.AddPartitionAdapterAsync(Host, "vm-b", null, PartitionSettings.None, CancellationToken.None);
        await provider.StartVmAsync(Host, "vm-a", CancellationToken.None);
        await provider.StartVmAsync(Host, "vm-b", CancellationToken.None);
    }
    catch (ProviderException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
}
