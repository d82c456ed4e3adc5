using Reconciler.Drift;
using Reconciler.Reconciliation;

namespace Reconciler.Tests.Reconciliation;

public sealed class TrackedDriftTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static DriftItem Item(string obj, string observed = "Off") => new("lab", obj, "power", "Running", observed, $"{obj} is {observed}");

    [Fact]
    public void Track_KeepsOnsetOfTheSameFingerprintEvenWhenValuesChange()
    {
        var first = TrackedDrift.Track([], [Item("vm/a")], T0);

        var second = TrackedDrift.Track(first, [Item("vm/a", observed: "Saved"), Item("vm/b")], T0.AddMinutes(5));

        Assert.Equal([T0, T0.AddMinutes(5)], second.Select(d => d.Onset));
        Assert.Equal("Saved", second[0].Item.Observed);
    }

    [Fact]
    public void Track_DriftThatClearedAndCameBackStartsANewOnset()
    {
        var first = TrackedDrift.Track([], [Item("vm/a")], T0);
        var cleared = TrackedDrift.Track(first, [], T0.AddMinutes(1));

        var back = TrackedDrift.Track(cleared, [Item("vm/a")], T0.AddMinutes(2));

        Assert.Equal(T0.AddMinutes(2), Assert.Single(back).Onset);
    }
}
