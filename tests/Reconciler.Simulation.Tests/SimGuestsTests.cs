using Reconciler.Testing.Time;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Tests;

/// <summary>Simulated guests: boot time on the injected clock, guests that never come back, and the world's errors.</summary>
public sealed class SimGuestsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-guests-").FullName;
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string World(string guests, string timeScale = "1") => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              vms: [ { name: up, state: Running }, { name: off, state: Off }, { name: broken, state: Off } ]
          behaviour: { timeScale: {{timeScale}}, guests: {{guests}} }
        """;

    private SimulatedClusterProvider Create(string world)
    {
        var store = new StateStore(_dir);
        Assert.DoesNotContain(Simulator.Init(store, "w.yaml", world, GpuCatalog.Default), d => d.IsError);
        return new SimulatedClusterProvider(store, _clock);
    }

    private static Task<GuestHealth> Health(SimulatedClusterProvider provider, string vm) => provider.GuestHealthAsync("hv-01", vm, CancellationToken.None);

    [Fact]
    public async Task GuestHealth_StartedVm_NoContactUntilBootTimeHasPassedOnTheClock()
    {
        var provider = Create(World("{ boot: 90s }"));
        await provider.StartVmAsync("hv-01", "off", CancellationToken.None);

        var booting = await Health(provider, "off");
        _clock.Advance(TimeSpan.FromSeconds(89));
        var almost = await Health(provider, "off");
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((GuestHealth.NoContact, GuestHealth.NoContact, GuestHealth.Ok), (booting, almost, await Health(provider, "off")));
        Assert.Equal(GuestHealth.Ok, await Health(provider, "up")); // running before the world began: booted
    }

    [Fact]
    public async Task GuestHealth_BootScaledByTimeScale()
    {
        var provider = Create(World("{ boot: 90s }", timeScale: "0.5"));
        await provider.StartVmAsync("hv-01", "off", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(GuestHealth.Ok, await Health(provider, "off"));
    }

    [Fact]
    public async Task GuestHealth_NeverHealthyGuest_NeverReportsOk_AndAnOffVmHasNoGuest()
    {
        var provider = Create(World("{ boot: 10s, neverHealthy: [broken] }"));
        await provider.StartVmAsync("hv-01", "broken", CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(GuestHealth.NoContact, await Health(provider, "broken"));
        Assert.Equal(GuestHealth.NotRunning, await Health(provider, "off"));
    }

    [Fact]
    public async Task GuestHealth_TurnedOffAndStartedAgain_BootsAgain()
    {
        var provider = Create(World("{ boot: 1m }"));
        await provider.TurnOffVmAsync("hv-01", "up", CancellationToken.None);
        await provider.StartVmAsync("hv-01", "up", CancellationToken.None);

        Assert.Equal(GuestHealth.NoContact, await Health(provider, "up"));
    }

    [Fact]
    public void World_NeverHealthyNamesNoVm_IsAnErrorAtItsLineAndColumn()
    {
        var findings = Simulator.Init(new StateStore(_dir), "w.yaml", World("{ neverHealthy: [brokn] }"), GpuCatalog.Default);

        var error = Assert.Single(findings, d => d.IsError);
        Assert.Equal((8, 55), (error.Location.Line, error.Location.Column));
        Assert.Contains("'brokn', which is no VM of this world", error.Message, StringComparison.Ordinal);
    }
}
