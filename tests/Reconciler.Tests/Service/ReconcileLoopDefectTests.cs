using Reconciler.Alerting;
using Reconciler.Observed;
using Reconciler.Reconciliation;
using Reconciler.Tests.Metrics;

namespace Reconciler.Tests.Service;

/// <summary>Defects of issue 18, each pinned on the loop's tick driven directly on a fake clock.</summary>
public sealed class ReconcileLoopDefectTests : IDisposable
{
    private readonly LoopHarness _loop = new();

    public void Dispose() => _loop.Dispose();

    [Fact]
    public async Task Tick_RemoteHangs_RestartsAStoppedVmOnTheLastGoodRevisionWithoutWaitingForTheFetch()
    {
        _loop.World("lab");
        var good = _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        await _loop.TickAsync();
        Assert.Equal(good, _loop.Board.Cluster("lab")!.LastAppliedRevision);

        // The remote stops answering; someone turns a VM off by hand; the interval passes.
        _loop.Source.Hang();
        await _loop.ByHand("lab").TurnOffVmAsync("hv-01", "vm-2", CancellationToken.None);
        _loop.Time.Advance(_loop.Options.Interval);
        await _loop.TickAsync();

        Assert.Equal(VmPowerState.Running, (await _loop.ObserveByHandAsync("lab")).Vm("vm-2")!.State);
    }

    [Fact]
    public async Task Tick_OneFileBroken_StallsOnlyTheClustersItDefinedAndTheOthersMoveOn()
    {
        _loop.World("lab-a");
        _loop.World("lab-b");
        var good = _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/a.yaml", LoopHarness.Spec("lab-a")), ("specs/b.yaml", LoopHarness.Spec("lab-b")));
        await _loop.TickAsync();

        _loop.Time.Advance(TimeSpan.FromMinutes(1));
        var next = _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/a.yaml", LoopHarness.Spec("lab-a", partitionCount: 5)), ("specs/b.yaml", LoopHarness.Spec("lab-b", partitionCount: 8)));
        await _loop.SyncAsync();

        var a = _loop.Board.Cluster("lab-a")!;
        var b = _loop.Board.Cluster("lab-b")!;
        Assert.True(a.Is(ConditionType.Stalled));
        Assert.Equal(good, a.DesiredRevision);
        Assert.Equal(4, (await _loop.ObserveByHandAsync("lab-a")).Hosts[0].Gpus[0].PartitionCount);
        Assert.False(b.Is(ConditionType.Stalled));
        Assert.Equal(next, b.LastAppliedRevision);
        Assert.Equal(8, (await _loop.ObserveByHandAsync("lab-b")).Hosts[0].Gpus[0].PartitionCount);
        var stalled = Assert.Single(_loop.Alerts.Sent, x => x.Kind == AlertKind.Stalled);
        Assert.Equal(("lab-a", AlertState.Firing), (stalled.Cluster, stalled.State));
    }

    [Fact]
    public async Task Tick_RevisionStalls_LogsAStalledAlertNotADriftAlert()
    {
        _loop.World("lab");
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        await _loop.TickAsync();
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab", partitionCount: 5)));
        await _loop.SyncAsync();

        var alerting = Assert.Single(_loop.Log.Lines, l => l.Event == "Alerting");
        Assert.StartsWith("Stalled alert firing for lab", alerting.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_FetchFails_IsCountedAndNotShownAsAFetch()
    {
        _loop.World("lab");
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        var fetched = _loop.Time.GetUtcNow();
        await _loop.TickAsync();

        _loop.Time.Advance(TimeSpan.FromSeconds(40));
        _loop.Source.Fail("error receiving data from socket: Connection reset by peer");
        await _loop.SyncAsync();

        Assert.Equal(fetched, _loop.Board.Source.LastFetchAt);
        Assert.Equal(_loop.Time.GetUtcNow(), _loop.Board.Source.LastFetchAttemptAt);
        Assert.Contains("Connection reset by peer", _loop.Board.Source.FetchError, StringComparison.Ordinal);
        var families = PrometheusText.Parse(_loop.Exposition.Write());
        Assert.Equal(2, families["reconciler_source_fetch_failures_total"].Samples.Single().Value); // the sync's two ticks each fetched
        Assert.Equal(40, families["reconciler_source_last_fetch_age_seconds"].Samples.Single().Value);
        Assert.Equal(0, families["reconciler_stalled_clusters"].Samples.Single().Value);
    }

    [Fact]
    public async Task Tick_RevisionStalls_StalledClustersGaugeCountsIt()
    {
        _loop.World("lab");
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        await _loop.TickAsync();
        _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab", partitionCount: 5)));
        await _loop.SyncAsync();

        var families = PrometheusText.Parse(_loop.Exposition.Write());
        Assert.Equal(1, families["reconciler_stalled_clusters"].Samples.Single().Value);
    }

    [Fact]
    public async Task Tick_Revisions_JsonHistoryCarriesTheFullCommitAndMessagesThe12DigitOne()
    {
        _loop.World("lab");
        var commit = _loop.Source.Publish(_loop.Time.GetUtcNow(), ("specs/lab.yaml", LoopHarness.Spec("lab")));
        await _loop.TickAsync();

        var status = _loop.Board.Cluster("lab")!;
        Assert.Equal(commit, status.LastResult!.Revision);
        Assert.Contains(commit[..12], status.Find(ConditionType.Ready)!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(commit, status.Find(ConditionType.Ready)!.Message, StringComparison.Ordinal);
    }
}
