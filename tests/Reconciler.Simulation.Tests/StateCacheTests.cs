using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests;

/// <summary>The provider parses the state file only when its text changed, and the file stays the truth.</summary>
public sealed class StateCacheTests : IDisposable
{
    private const string Gpu = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private StateStore Init()
    {
        var store = SimulatedWorld.Init(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA L4, locationPath: "{{Gpu}}", partitionCount: 4 } ]
                  vms: [ { name: vm-1, state: Running }, { name: vm-2, state: Off } ]
              behaviour: { timeScale: 0 }
            """);
        return store;
    }

    [Fact]
    public void Save_ReturnsExactlyTheTextThatIsReadBack()
    {
        var store = Init();
        var state = store.Load();
        state.Operations = 42;

        var written = store.Save(state);

        Assert.Equal(written, store.ReadText());
        Assert.Equal(42, store.Parse(written).Operations);
    }

    [Fact]
    public async Task Observe_FileChangedBehindTheProvidersBack_SeesTheChange()
    {
        var store = Init();
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        Assert.Equal(VmPowerState.Off, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-2")!.State);

        // Another process (sim drift, the crash-test worker) works through its own store.
        var other = new SimulatedClusterProvider(new StateStore(_dir), TimeProvider.System);
        await other.StartVmAsync("hv-01", "vm-2", CancellationToken.None);

        Assert.Equal(VmPowerState.Running, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-2")!.State);
    }

    [Fact]
    public async Task Change_RefusedByTheRules_LeavesCacheAndFileAsTheyWere()
    {
        var store = Init();
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        var before = store.ReadText();

        await Assert.ThrowsAsync<ProviderException>(() => provider.AddPartitionAdapterAsync("hv-01", "vm-1", Gpu, PartitionSettings.None, CancellationToken.None));

        Assert.Equal(before, store.ReadText());
        Assert.Null((await provider.ObserveAsync(CancellationToken.None)).Vm("vm-1")!.Partition);
    }

    [Fact]
    public async Task Observe_NothingChanged_ReturnsTheSameObservationWithoutParsing()
    {
        var provider = new SimulatedClusterProvider(Init(), TimeProvider.System);

        var first = await provider.ObserveAsync(CancellationToken.None);
        var second = await provider.ObserveAsync(CancellationToken.None);

        Assert.Same(first, second);
    }
}
