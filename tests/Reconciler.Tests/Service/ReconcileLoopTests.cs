using Reconciler.Reconciliation;

namespace Reconciler.Tests.Service;

/// <summary>The loop's schedule, tick by tick on a fake clock: what Core's policy decides, as the loop carries it out.</summary>
public sealed class ReconcileLoopTests : IDisposable
{
    private readonly LoopHarness _loop = new();

    public void Dispose() => _loop.Dispose();

    private int Ticks(string cluster) => _loop.Board.Cluster(cluster)?.History.Length ?? 0;

    [Fact]
    public async Task Tick_ConvergedCluster_IsDueAgainExactlyAfterTheInterval()
    {
        _loop.World("lab");
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        await _loop.TickAsync();

        _loop.Time.Advance(_loop.Options.Interval - TimeSpan.FromSeconds(1));
        await _loop.TickAsync();
        var early = Ticks("lab");
        _loop.Time.Advance(TimeSpan.FromSeconds(1));
        await _loop.TickAsync();

        Assert.Equal(1, early);
        Assert.Equal(2, Ticks("lab"));
        Assert.Equal(new NextTick("Converged", "Converged", _loop.Time.GetUtcNow() + _loop.Options.Interval), _loop.Board.Cluster("lab")!.Next);
    }

    [Fact]
    public async Task Tick_ChangeHeldByAClosedWindow_WakesAtTheWindowsStartNotAnIntervalLater()
    {
        // 03:00 UTC now; the window opens at 03:45 (the interval is 30 s, so 90 ticks would pass
        // on the timer; the change must run at 03:45:00 sharp, when it is first allowed).
        _loop.Options.Interval = TimeSpan.FromHours(1);
        _loop.World("lab");
        var spec = LoopHarness.Spec("lab", partitionCount: 8).Replace(
            "policy: { mode: enforce, maxUnavailable: 2 }",
            "policy:\n    mode: enforce\n    maxUnavailable: 2\n    windows:\n      - { days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], start: \"03:45\", end: \"04:30\", timeZone: UTC }",
            StringComparison.Ordinal);
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", spec));
        await _loop.TickAsync();
        Assert.Equal(TickOutcome.Blocked, _loop.Board.Cluster("lab")!.LastResult!.Outcome);
        var opening = new DateTimeOffset(2026, 12, 7, 3, 45, 0, TimeSpan.Zero);
        Assert.Equal(new NextTick("Waiting", Reason.MaintenanceWindow, opening), _loop.Board.Cluster("lab")!.Next);

        _loop.Time.Advance(TimeSpan.FromMinutes(45) - TimeSpan.FromSeconds(1));
        await _loop.TickAsync();
        var before = Ticks("lab");
        _loop.Time.Advance(TimeSpan.FromSeconds(1));
        await _loop.TickAsync();

        Assert.Equal(1, before);
        Assert.Equal(TickOutcome.Converged, _loop.Board.Cluster("lab")!.LastResult!.Outcome);
        Assert.Equal(8, (await _loop.ObserveByHandAsync("lab")).Hosts[0].Gpus[0].PartitionCount);
    }

    [Fact]
    public async Task Tick_ClusterNoProviderCanServe_IsNotRetriedUntilASyncRequest()
    {
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/ghost.yaml", LoopHarness.Spec("ghost")));
        await _loop.TickAsync();
        var status = _loop.Board.Cluster("ghost")!;
        Assert.Equal(Reason.NoProvider, status.Find(ConditionType.Ready)!.Reason);
        Assert.Contains("cluster ghost has no provider", status.LastResult!.Message, StringComparison.Ordinal);
        Assert.Equal(new NextTick("Stalled", Reason.NoProvider, null), status.Next);

        _loop.Time.Advance(TimeSpan.FromHours(1));
        await _loop.TickAsync();
        var waited = Ticks("ghost");
        _loop.World("ghost"); // someone adds the missing world, then asks for a sync
        await _loop.TickAsync(everyCluster: true);

        Assert.Equal(1, waited);
        Assert.Equal(2, Ticks("ghost"));
        Assert.Equal(TickOutcome.Converged, _loop.Board.Cluster("ghost")!.LastResult!.Outcome);
    }

    [Fact]
    public async Task Tick_FailedTick_IsRetriedAfterTheBackoffNotTheInterval()
    {
        // A world that does not load is a NoProvider stall; an observe that fails is transient:
        // the simulator's state directory made unreadable by replacing it with a file.
        _loop.World("lab");
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        await _loop.TickAsync();
        var state = Path.Combine(_loop.Options.StateDirectory, "sim", "lab");
        var saved = state + ".saved";
        Directory.Move(state, saved);
        File.WriteAllText(state, "not a directory");
        _loop.Time.Advance(_loop.Options.Interval);
        await _loop.TickAsync();
        Assert.Equal(TickOutcome.Failed, _loop.Board.Cluster("lab")!.LastResult!.Outcome);

        File.Delete(state);
        Directory.Move(saved, state);
        _loop.Time.Advance(_loop.Options.InitialBackoff); // jitter 0.5: exactly the initial backoff
        await _loop.TickAsync();

        Assert.Equal(3, Ticks("lab"));
        Assert.Equal(TickOutcome.Converged, _loop.Board.Cluster("lab")!.LastResult!.Outcome);
    }

    [Fact]
    public async Task Tick_ClusterLeavesTheSpecWhileAlertedInAlertMode_ItsAlertResolves()
    {
        _loop.World("lab-a");
        _loop.World("lab-b");
        var alertMode = LoopHarness.Spec("lab-a").Replace("mode: enforce", "mode: alert", StringComparison.Ordinal);
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/a.yaml", alertMode), ("specs/b.yaml", LoopHarness.Spec("lab-b")));
        await _loop.TickAsync();
        await _loop.ByHand("lab-a").TurnOffVmAsync("hv-01", "vm-2", CancellationToken.None);
        _loop.Time.Advance(_loop.Options.Interval);
        await _loop.TickAsync();
        Assert.Contains(_loop.Alerts.Sent, a => a is { Cluster: "lab-a", Kind: Alerting.AlertKind.Drift, State: Alerting.AlertState.Firing });

        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/b.yaml", LoopHarness.Spec("lab-b")));
        await _loop.SyncAsync();

        var last = _loop.Alerts.Sent.Last(a => a.Cluster == "lab-a");
        Assert.Equal((Alerting.AlertKind.Drift, Alerting.AlertState.Resolved), (last.Kind, last.State));
        Assert.Null(_loop.Board.Cluster("lab-a"));
    }
}
