using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Tests.Planning;

/// <summary>Each example world, planned against its example spec inside a window, converges in one apply.</summary>
public class ExampleConvergenceTests
{
    public static TheoryData<string, string, string> Examples() => new()
    {
        { "vdi-east.yaml", "vdi-cluster.yaml", "2026-11-28T02:00:00+01:00" },   // Saturday night in Berlin
        { "store-042.yaml", "edge-store.yaml", "2026-11-25T23:00:00-06:00" },  // night in Chicago
        { "ai-west.yaml", "ai-pool-cluster.yaml", "2026-11-25T12:00:00Z" },    // no windows
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ExampleWorld_ConvergesToItsSpec_InOneApply(string world, string spec, string now)
    {
        using var scenario = new Scenario(File.ReadAllText(RepoRoot.Combine("specs", "worlds", world)), File.ReadAllText(RepoRoot.Combine("specs", "examples", spec)));

        var plan = await scenario.ConvergeAsync(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEmpty(plan.Operations);
        Assert.True(scenario.PeakDown <= scenario.Spec.Policy.MaxUnavailable.Resolve(scenario.Spec.Vms.Count(v => v.Gpu is not null)));
        var cluster = scenario.Observe();
        foreach (var vm in scenario.Spec.Vms.Where(v => v.Power == PowerIntent.Running))
        {
            Assert.Equal(VmPowerState.Running, cluster.Vm(vm.Name)!.State);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ExportedSpec_PlansNoChanges(string world, string spec, string now)
    {
        _ = spec;
        using var scenario = new Scenario(File.ReadAllText(RepoRoot.Combine("specs", "worlds", world)), File.ReadAllText(RepoRoot.Combine("specs", "examples", spec)));
        var exported = SpecWriter.Write(SpecExport.ToSpec(scenario.Observe()));
        var exportedSpec = Assert.Single(SpecLoader.Load("exported.yaml", exported).Clusters);

        var plan = Planner.Plan(exportedSpec, scenario.Observe(), GpuCatalog.Default, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        // Offline actions other than forceShutdown are not adopted (the spec cannot ask for them), so only those may remain.
        Assert.All(plan.Operations, o => Assert.Equal(OperationKind.SetOfflineAction, o.Kind));
        Assert.Empty(plan.Blocked);
        await Task.CompletedTask;
    }
}
