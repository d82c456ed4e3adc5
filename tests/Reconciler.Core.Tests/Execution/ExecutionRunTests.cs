using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

public sealed class ExecutionRunTests
{
    internal static Operation Op(string id, OperationKind kind, string host, string? vm = null, params string[] dependsOn) =>
        new(id, kind, host, vm, null, OperationArguments.None, new ValueList<string>(dependsOn), kind == OperationKind.StopVm, 0, $"{kind} {vm}");

    internal static Plan PlanOf(params Operation[] operations) =>
        new("lab", new ValueList<Operation>(operations), ValueList<BlockedItem>.Empty, ValueList<DriftItem>.Empty,
            new PlanSummary(ValueList<string>.Empty, ValueList<string>.Empty, ValueList<string>.Empty, 1));

    /// <summary>Two VMs on two hosts, each stopped and started again, nothing ordering the two: only the budget keeps them apart.</summary>
    internal static Plan TwoIndependentRestarts() => PlanOf(
        Op("stop-a", OperationKind.StopVm, "hv-01", "a"),
        Op("start-a", OperationKind.StartVm, "hv-01", "a", "stop-a"),
        Op("offline-x", OperationKind.SetOfflineAction, "hv-02", "x"),
        Op("stop-b", OperationKind.StopVm, "hv-02", "b"),
        Op("start-b", OperationKind.StartVm, "hv-02", "b", "stop-b"));

    [Fact]
    public void Launchable_ShutdownStillInFlight_CountsAgainstTheBudget()
    {
        var plan = TwoIndependentRestarts();
        var run = new ExecutionRun(plan, budget: 1);
        var first = run.Launchable(running: 0, maxParallel: 8);
        var stop = Assert.Single(first, o => o.Kind == OperationKind.StopVm);
        foreach (var op in first)
        {
            run.Begin(op);
        }

        // The other host's quick step finishes while the shutdown is still running.
        var other = Assert.Single(first, o => o.Kind != OperationKind.StopVm);
        run.Succeed(other, skipped: false);
        run.End(other);
        var next = run.Launchable(running: 1, maxParallel: 8);

        Assert.DoesNotContain(next, o => o.Kind == OperationKind.StopVm);
        Assert.Equal(1, run.Down);
        Assert.Equal("stop-a", stop.Id);
    }

    [Fact]
    public void Launchable_VmStartedAgain_FreesTheBudgetForTheNextShutdown()
    {
        var plan = TwoIndependentRestarts();
        var run = new ExecutionRun(plan, budget: 1);
        foreach (var id in new[] { "stop-a", "offline-x", "start-a" })
        {
            var op = plan.Operations.First(o => o.Id == id);
            run.Begin(op);
            run.Succeed(op, skipped: false);
            run.End(op);
        }

        var next = run.Launchable(running: 0, maxParallel: 8);

        Assert.Contains(next, o => o.Id == "stop-b");
        Assert.Equal(0, run.Down);
    }

    [Fact]
    public void Launchable_HostWithSeveralReadyOperations_StartsTheOneMostWorkWaitsOn()
    {
        // In plan order the offline action comes first, but the restart waits on the shutdown.
        var plan = PlanOf(
            Op("offline-a", OperationKind.SetOfflineAction, "hv-01", "a"),
            Op("stop-a", OperationKind.StopVm, "hv-01", "a"),
            Op("mmio-a", OperationKind.SetMmio, "hv-01", "a", "stop-a"),
            Op("start-a", OperationKind.StartVm, "hv-01", "a", "mmio-a"));
        var run = new ExecutionRun(plan, budget: 1);

        var launched = Assert.Single(run.Launchable(running: 0, maxParallel: 8));

        Assert.Equal("stop-a", launched.Id);
    }

    [Fact]
    public void Launchable_ParallelismLimit_LaunchesNoMoreThanAllowed()
    {
        var run = new ExecutionRun(TwoIndependentRestarts(), budget: 2);

        var launched = run.Launchable(running: 0, maxParallel: 1);

        Assert.Single(launched);
    }
}
