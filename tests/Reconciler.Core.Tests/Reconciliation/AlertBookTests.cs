using Reconciler.Alerting;
using Reconciler.Reconciliation;

namespace Reconciler.Tests.Reconciliation;

public sealed class AlertBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Renotify = TimeSpan.FromHours(1);

    private static Alert Drift(string fingerprint, string message = "vdi-01 is Off, the spec says running", string revision = "r1") =>
        new(AlertKind.Drift, AlertState.Firing, "lab", fingerprint, "vm/vdi-01", "power", "Running", "Off", message, T0, T0, revision);

    public static TheoryData<string, string[], int, string[]> Steps => new()
    {
        // name, fingerprints standing at each minute offset, minutes between steps, expected sends "fp:state" per step joined by '|'
        { "new drift fires once", ["a", "a", "a"], 1, ["a:Firing", "", ""] },
        { "cleared drift resolves once", ["a", "", ""], 1, ["a:Firing", "a:Resolved", ""] },
        { "standing drift re-fires after the interval", ["a", "a", "a"], 40, ["a:Firing", "", "a:Firing"] },
        { "two items are independent", ["a,b", "b", ""], 1, ["a:Firing,b:Firing", "a:Resolved", "b:Resolved"] },
        { "drift that returns fires again", ["a", "", "a"], 1, ["a:Firing", "a:Resolved", "a:Firing"] },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Decide_FiresResolvesAndRenotifiesByFingerprint(string name, string[] standing, int minutesApart, string[] expected)
    {
        var book = AlertBook.Empty;
        for (var step = 0; step < standing.Length; step++)
        {
            var now = T0.AddMinutes(step * minutesApart);
            var alerts = standing[step].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(f => Drift(f));
            (book, var send) = book.Decide(AlertKind.Drift, alerts, now, Renotify);
            Assert.True(expected[step] == string.Join(",", send.Select(a => $"{a.Fingerprint}:{a.State}")), $"{name}, step {step}: sent {string.Join(",", send.Select(a => $"{a.Fingerprint}:{a.State}"))}");
        }
    }

    [Fact]
    public void Decide_ReworedMessageDoesNotRenotify()
    {
        var (book, _) = AlertBook.Empty.Decide(AlertKind.Drift, [Drift("a", "first wording")], T0, Renotify);

        var (_, send) = book.Decide(AlertKind.Drift, [Drift("a", "other wording")], T0.AddMinutes(5), Renotify);

        Assert.Empty(send);
    }

    [Fact]
    public void Decide_NewRevisionOfTheSameConditionNotifiesAgain()
    {
        var (book, _) = AlertBook.Empty.Decide(AlertKind.Stalled, [Drift("s") with { Kind = AlertKind.Stalled, Revision = "bad1" }], T0, Renotify);

        var (_, send) = book.Decide(AlertKind.Stalled, [Drift("s") with { Kind = AlertKind.Stalled, Revision = "bad2" }], T0.AddMinutes(1), Renotify);

        Assert.Equal("bad2", Assert.Single(send).Revision);
    }

    [Fact]
    public void Decide_OneKindNeverResolvesTheOther()
    {
        var (book, _) = AlertBook.Empty.Decide(AlertKind.Stalled, [Drift("s") with { Kind = AlertKind.Stalled }], T0, Renotify);

        var (after, send) = book.Decide(AlertKind.Drift, [], T0.AddMinutes(1), Renotify);

        Assert.Empty(send);
        Assert.True(after.Notified.ContainsKey("s"));
    }

    [Fact]
    public void Decide_ResolvedKeepsOnsetAndTakesTheResolveTime()
    {
        var (book, _) = AlertBook.Empty.Decide(AlertKind.Drift, [Drift("a")], T0.AddMinutes(3), Renotify);

        var (_, send) = book.Decide(AlertKind.Drift, [], T0.AddMinutes(9), Renotify);

        var resolved = Assert.Single(send);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(T0, resolved.Onset);
        Assert.Equal(T0.AddMinutes(9), resolved.At);
    }
}
