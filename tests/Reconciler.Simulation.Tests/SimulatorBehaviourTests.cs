using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Testing.Time;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests;

public sealed class SimulatorBehaviourTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string World(string behaviour) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus: [ { model: NVIDIA L4, locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", partitionCount: 4 } ]
              vms:
                - { name: vm-1, state: Running }
                - { name: vm-2, state: Off }
          behaviour:
        {{behaviour}}
        """;

    private SimulatedClusterProvider Create(string behaviour, TimeProvider? time = null, string? dir = null)
    {
        return SimulatedWorld.Provider(dir ?? _dir, World(behaviour), time);
    }

    [Fact]
    public async Task TransientFaults_AtRateOne_FailEveryChangeAsTransient()
    {
        var provider = Create("    faults: { transientRate: 1.0, seed: 7 }");

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.StartVmAsync("hv-01", "vm-2", CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(VmPowerState.Off, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-2")!.State);
    }

    [Fact]
    public async Task TransientFaults_SameSeed_ReplayTheSameSequenceInAnotherDirectory()
    {
        async Task<string> Run(string dir)
        {
            var provider = Create("    faults: { transientRate: 0.5, seed: 3 }", dir: dir);
            var outcomes = new List<char>();
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await provider.SetMmioAsync("hv-01", "vm-2", new(256 * Spec.ByteSize.MiB), new(1024 * Spec.ByteSize.MiB), CancellationToken.None);
                    outcomes.Add('.');
                }
                catch (ProviderException ex) when (ex.IsTransient)
                {
                    outcomes.Add('x');
                }
            }

            return new string([.. outcomes]);
        }

        var first = await Run(Path.Combine(_dir, "a"));
        var second = await Run(Path.Combine(_dir, "b"));

        Assert.Equal(first, second);
        Assert.Contains('x', first);
        Assert.Contains('.', first);
    }

    [Fact]
    public async Task StubbornGuest_ShutdownTimesOutAndTheVmKeepsRunning()
    {
        var provider = Create("    guests: { ignoreShutdownRate: 1.0 }\n    timeScale: 0");

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.ShutdownVmAsync("hv-01", "vm-1", TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.ShutdownTimedOut, error.Kind);
        Assert.Equal(VmPowerState.Running, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-1")!.State);
        await provider.TurnOffVmAsync("hv-01", "vm-1", CancellationToken.None);
        Assert.Equal(VmPowerState.Off, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-1")!.State);
    }

    [Fact]
    public async Task Latency_IsScaledAndWaitsOnTheInjectedClock()
    {
        var time = new TestClock();
        var provider = Create("    latency: { start: 20s }\n    timeScale: 0.5", time);

        var start = provider.StartVmAsync("hv-01", "vm-2", CancellationToken.None);
        await WaitFor(() => time.PendingTimers > 0);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(start.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await start.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(VmPowerState.Running, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-2")!.State);
    }

    [Fact]
    public async Task Latency_AfterASlowWrite_TheNextChangeStillWaitsItsWholeLatency()
    {
        var time = new SlowWriteClock();
        var provider = Create("    latency: { turnOff: 2s, start: 20s }\n    timeScale: 1", time);
        var turnOff = provider.TurnOffVmAsync("hv-01", "vm-1", CancellationToken.None);
        await WaitFor(() => time.PendingTimers > 0);
        time.Advance(TimeSpan.FromSeconds(2));
        await turnOff.WaitAsync(TimeSpan.FromSeconds(10)); // its durable write "took" seconds by this clock

        var start = provider.StartVmAsync("hv-01", "vm-2", CancellationToken.None);
        await WaitFor(() => time.PendingTimers > 0);
        time.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));

        Assert.Equal(1, time.PendingTimers); // the start's wait has not ended a tick before its latency
        time.Advance(TimeSpan.FromTicks(1));
        await start.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(VmPowerState.Running, (await provider.ObserveAsync(CancellationToken.None)).Vm("vm-2")!.State);
    }

    /// <summary>The test clock, except that every timestamp read is a second after the last, as if each write were slow.</summary>
    private sealed class SlowWriteClock : TestClock
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond);
    }

    [Fact]
    public async Task ConcurrentOperations_OnOneDirectory_LoseNoChange()
    {
        var provider = Create("    timeScale: 0");
        var second = new SimulatedClusterProvider(new StateStore(_dir), TimeProvider.System);

        await Task.WhenAll(
            Task.Run(() => provider.SetAutomaticStopActionAsync("hv-01", "vm-1", AutomaticStopAction.TurnOff, CancellationToken.None)),
            Task.Run(() => second.StartVmAsync("hv-01", "vm-2", CancellationToken.None)));

        var cluster = await provider.ObserveAsync(CancellationToken.None);
        Assert.Equal(AutomaticStopAction.TurnOff, cluster.Vm("vm-1")!.AutomaticStopAction);
        Assert.Equal(VmPowerState.Running, cluster.Vm("vm-2")!.State);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
