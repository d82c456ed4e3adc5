using Reconciler.Alerting;
using Reconciler.Drift;
using Reconciler.LoopPolicy;
using Reconciler.Reconciliation;
using Reconciler.Spec;

namespace Reconciler.Tests.LoopPolicy;

public sealed class ClusterAlertsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Renotify = TimeSpan.FromHours(4);
    private static readonly DriftItem Off = new("lab", "vm/vm-2", "power", "Running", "Off", "vm-2 is Off, the spec says running");

    private static DesiredRevision Revision(string commit) =>
        new(commit, T0, new ClusterSpec("lab", false, ClusterPolicy.Default, ValueList<HostSpec>.Empty, ValueList<VmSpec>.Empty, SourceMap.None));

    private static TickResult Tick(TickOutcome outcome, DriftItem[] before, DriftItem[] after) => new(outcome, before, after, null, null, "message");

    private static string Sends(IReadOnlyList<Alert> sent) => string.Join(",", sent.Select(a => $"{a.Kind}:{a.State}"));

    [Fact]
    public void AfterTick_HandChangeOnAMatchedRevisionThatTheTickCorrects_FiresAndResolvesTogether()
    {
        var matched = ClusterAlerts.Empty.AfterTick(Revision("r1"), [], Tick(TickOutcome.Converged, [], []), T0, Renotify).Next;

        var (next, sent) = matched.AfterTick(Revision("r1"), [], Tick(TickOutcome.Converged, [Off], []), T0.AddMinutes(1), Renotify);

        Assert.Equal("Drift:Firing,Drift:Resolved", Sends(sent));
        Assert.True(next.Matches("r1"));
    }

    [Fact]
    public void AfterTick_DriftANewRevisionBrings_IsTheChangeToApplyNotAnAlert()
    {
        var matched = ClusterAlerts.Empty.AfterTick(Revision("r1"), [], Tick(TickOutcome.Converged, [], []), T0, Renotify).Next;

        var (next, sent) = matched.AfterTick(Revision("r2"), [], Tick(TickOutcome.Failed, [Off], [Off]), T0.AddMinutes(1), Renotify);

        Assert.Empty(sent);
        Assert.False(next.Matches("r2"));
    }

    [Fact]
    public void AfterTick_StandingDriftInAlertMode_FiresOnceKeepsItsOnsetAndRenotifiesAfterTheInterval()
    {
        var alerts = ClusterAlerts.Empty.AfterTick(Revision("r1"), [], Tick(TickOutcome.Converged, [], []), T0, Renotify).Next;
        var drift = Tick(TickOutcome.Drifted, [Off], [Off]);
        var tracked = TrackedDrift.Track([], [Off], T0.AddMinutes(1));

        var (first, firstSent) = alerts.AfterTick(Revision("r1"), [], drift, T0.AddMinutes(1), Renotify);
        var (second, secondSent) = first.AfterTick(Revision("r1"), tracked, drift, T0.AddMinutes(2), Renotify);
        var (_, laterSent) = second.AfterTick(Revision("r1"), tracked, drift, T0.AddHours(5), Renotify);

        Assert.Equal("Drift:Firing", Sends(firstSent));
        Assert.Empty(secondSent);
        Assert.Equal(T0.AddMinutes(1), Assert.Single(laterSent).Onset);
    }

    [Fact]
    public void ForStall_WhileStandingAndAfterItGoes_OneStalledAlertThenItsResolve()
    {
        var stall = new Stall("r2", Reason.InvalidRevision, "1 error(s) in revision r2", T0);

        var (standing, fired) = ClusterAlerts.Empty.ForStall("lab", stall, "r1", T0, Renotify);
        var (still, again) = standing.ForStall("lab", stall, "r1", T0.AddMinutes(1), Renotify);
        var (_, resolved) = still.ForStall("lab", null, "r3", T0.AddMinutes(2), Renotify);

        var alert = Assert.Single(fired);
        Assert.Equal((AlertKind.Stalled, "r2", "r1"), (alert.Kind, alert.Revision, alert.Desired));
        Assert.Empty(again);
        Assert.Equal("Stalled:Resolved", Sends(resolved));
    }

    private static readonly Reconciler.Execution.ExecutionFailure GuestDidNotComeBack =
        new("hv-01", "vdi-07", "op-003", "StartVm", "the guest of VM vdi-07 did not come back: its heartbeat did not report OK within 10m of the start");

    private static TickResult Executed(TickOutcome outcome, Reconciler.Execution.ExecutionFailure[] failures, Reconciler.Execution.ExecutionFailure[] guestsDown) =>
        new(outcome, [], [], null, new Reconciler.Execution.ExecutionResult(Reconciler.Execution.ExecutionStatus.Failed, failures, 1, 0, 0) { GuestsDown = guestsDown }, "message");

    [Fact]
    public void AfterTick_GuestDidNotComeBack_FiresAFailedAlertNamingIt_ThatStaysWhileItIsStillDown_AndResolvesWhenUp()
    {
        var stillDown = GuestDidNotComeBack with { OperationId = "-", Reason = "the guest of VM vdi-07 is still not up since an earlier run started it" };

        var (failed, sent) = ClusterAlerts.Empty.AfterTick(Revision("r1"), [], Executed(TickOutcome.Failed, [GuestDidNotComeBack], []), T0, Renotify);
        var (down, downSent) = failed.AfterTick(Revision("r1"), [], Executed(TickOutcome.Converged, [], [stillDown]), T0.AddMinutes(1), Renotify);
        var (_, unreachableSent) = down.AfterTick(Revision("r1"), [], new TickResult(TickOutcome.Failed, [], [], null, null, "the cluster could not be observed"), T0.AddMinutes(2), Renotify);
        var (_, upSent) = down.AfterTick(Revision("r1"), [], Executed(TickOutcome.Converged, [], []), T0.AddMinutes(3), Renotify);

        var alert = Assert.Single(sent);
        Assert.Equal((AlertKind.Failed, AlertState.Firing, "vm/vdi-07", "StartVm"), (alert.Kind, alert.State, alert.Object, alert.Field));
        Assert.Contains("the guest of VM vdi-07 did not come back", alert.Message, StringComparison.Ordinal);
        Assert.Empty(downSent);
        Assert.Empty(unreachableSent);
        Assert.Equal("Failed:Resolved", Sends(upSent));
    }

    [Fact]
    public void Gone_ClusterLeftTheSpecWithAlertsStanding_ResolvesEachOfThem()
    {
        var matched = ClusterAlerts.Empty.AfterTick(Revision("r1"), [], Tick(TickOutcome.Converged, [], []), T0, Renotify).Next;
        var drifting = matched.AfterTick(Revision("r1"), [], Tick(TickOutcome.Drifted, [Off], [Off]), T0, Renotify).Next;
        var both = drifting.ForStall("lab", new Stall("r2", Reason.InvalidRevision, "broken", T0), "r1", T0, Renotify).Next;

        var sent = both.Gone(T0.AddMinutes(5));

        Assert.Equal("Drift:Resolved,Stalled:Resolved", string.Join(",", sent.Select(a => $"{a.Kind}:{a.State}").Order(StringComparer.Ordinal)));
        Assert.All(sent, a => Assert.Equal(T0.AddMinutes(5), a.At));
    }
}
