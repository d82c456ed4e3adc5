using Reconciler.LoopPolicy;

namespace Reconciler.Tests.LoopPolicy;

public sealed class RequeueTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private static readonly LoopTiming Timing = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    public static TheoryData<string, OutcomeKind, double?, int, double, double?> Cases => new()
    {
        // name, kind, wait-until (seconds from now), failures in a row, random draw, expected seconds from now (null: not until a change)
        { "converged: the interval", OutcomeKind.Converged, null, 0, 0.5, 30 },
        { "window opens before the interval: at its start", OutcomeKind.Waiting, 12, 0, 0.5, 12 },
        { "window opens after the interval: the interval (drift still looked at)", OutcomeKind.Waiting, 3600, 0, 0.5, 30 },
        { "first failure: the initial backoff", OutcomeKind.Transient, null, 1, 0.5, 5 },
        { "third failure: doubled twice", OutcomeKind.Transient, null, 3, 0.5, 20 },
        { "jitter low end: 0.8 times", OutcomeKind.Transient, null, 3, 0, 16 },
        { "jitter high end: 1.2 times", OutcomeKind.Transient, null, 3, 1, 24 },
        { "many failures: capped at MaxBackoff", OutcomeKind.Transient, null, 40, 0.5, 300 },
        { "stalled: not until something changes", OutcomeKind.Stalled, null, 0, 0.5, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void At_Outcome_IsTheNextTickOrNone(string name, OutcomeKind kind, double? until, int failures, double random, double? expected)
    {
        var outcome = new Outcome(kind, "Reason", "message", until is { } s ? Now.AddSeconds(s) : null);

        var at = Requeue.At(outcome, failures, Now, Timing, random);

        Assert.True(expected is null ? at is null : at == Now.AddSeconds(expected.Value), $"{name}: {at}");
    }
}
