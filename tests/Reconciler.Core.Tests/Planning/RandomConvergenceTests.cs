using CsCheck;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Tests.Planning;

/// <summary>
/// Over many generated worlds and specs: applying the plan's operations in order to the simulator
/// never breaks a platform rule, converges (a second plan is empty), never stops a VM that needed
/// no change, and never has more VMs down than the budget. A property test (CsCheck): the worlds
/// come from drawn choices (<see cref="RandomWorlds(IReadOnlyList{int})"/>), so a failure shrinks
/// to the simplest world that still fails and prints the seed that reproduces it
/// (<c>Sample(..., seed: "...")</c>).
/// </summary>
public class RandomConvergenceTests
{
    private const int Cases = 300;

    /// <summary>Enough choices for the largest world; fewer (once shrunk) mean "the first option" for the rest.</summary>
    private static readonly Gen<int[]> Choices = Gen.Int[0, 1 << 20].Array[0, 200];

    [Fact]
    public async Task GeneratedWorlds_ConvergeWithinBudgetStoppingOnlyVmsThatChange()
    {
        var checkedPlans = 0;
        var disruptivePlans = 0;
        var blockedPlans = 0;
        await Choices.SampleAsync(async choices =>
        {
            var outcome = await CheckAsync(choices);
            if (outcome is { } o)
            {
                Interlocked.Increment(ref checkedPlans);
                Interlocked.Add(ref disruptivePlans, o.Disruptive ? 1 : 0);
                Interlocked.Add(ref blockedPlans, o.Blocked ? 1 : 0);
            }
        }, iter: Cases, threads: 2, print: c => string.Join(',', c));

        // The test proves something only if many plans were valid and many took VMs down.
        Assert.True(checkedPlans >= Cases / 3, $"only {checkedPlans} of {Cases} generated cases were valid; the generator needs work");
        Assert.True(disruptivePlans >= checkedPlans / 4, $"only {disruptivePlans} of {checkedPlans} plans stopped a VM ({blockedPlans} blocked)");
    }

    /// <summary>Plans and applies one generated case; null when it is not a case to check (invalid spec, world that does not fit).</summary>
    private static async Task<(bool Disruptive, bool Blocked)?> CheckAsync(int[] choices)
    {
        var worlds = new RandomWorlds(choices);
        var (world, spec) = worlds.Next();
        var loaded = Assert.Single(SpecLoader.Load("spec.yaml", spec).Clusters);
        if (Reconciler.Validation.SpecValidator.Validate(loaded, GpuCatalog.Default).Any(d => d.IsError))
        {
            return null; // the generator's guesses are not always valid specs; only valid ones are planned
        }

        using var scenario = Scenario.TryCreate(world, spec);
        if (scenario is null)
        {
            return null; // the generated world's running VMs do not fit its GPUs
        }

        // Level-triggered: a plan held back by a blocked item may leave work that becomes possible
        // once the rest is done, so apply up to three ticks; every tick must keep the rules.
        var plan = scenario.Plan();
        var firstPlan = plan;
        var budget = scenario.Spec.Policy.MaxUnavailable.Resolve(scenario.Spec.Vms.Count(v => v.Gpu is not null));
        var ticks = 0;
        for (var tick = 0; tick < 3 && plan.Operations.Count > 0; tick++, ticks++)
        {
            var before = scenario.Observe();
            scenario.Stopped.Clear();
            try
            {
                await scenario.ApplyAsync(plan);
            }
            catch (Exception ex)
            {
                Assert.Fail($"tick {tick}: applying the plan failed: {ex.Message}\nworld:\n{world}\nspec:\n{spec}");
            }

            Assert.True(scenario.PeakDown <= budget, $"{scenario.PeakDown} VMs down at once, budget {budget}");
            foreach (var stopped in scenario.Stopped)
            {
                Assert.True(NeededChange(plan, before, stopped), $"{stopped} was stopped but needed no change\nworld:\n{world}\nspec:\n{spec}");
            }

            plan = scenario.Plan();
        }

        // Converged: nothing left to do; with blocked items, only what they hold back may remain as drift.
        Assert.True(plan.Operations.Count == 0 && (plan.Blocked.Count > 0 || plan.Drift.Count == 0),
            $"not converged: {string.Join("; ", plan.Operations.Select(o => o.Description))} | {string.Join("; ", plan.Drift.Select(d => d.Sentence))}\nworld:\n{world}\nspec:\n{spec}");
        Assert.True(firstPlan.Blocked.Count > 0 || ticks <= 1, $"an unblocked plan needed {ticks} applies to converge\nworld:\n{world}\nspec:\n{spec}");

        return (firstPlan.Summary.VmsStopped.Count > 0, firstPlan.Blocked.Count > 0);
    }

    /// <summary>An independent reading of "needed a change": its resource, its GPU, or its declared power differs.</summary>
    private static bool NeededChange(Plan plan, ObservedCluster before, string name)
    {
        var vm = before.Vm(name)!;
        var gpuChanging = plan.Drift.Any(d => d.Field is "partitionCount" or "mode" or "pool"
            && (vm.Partition?.GpuLocationPath is { } g && d.Object.EndsWith(g, StringComparison.OrdinalIgnoreCase)
                || vm.DdaDevices.Any(x => x.LocationPath is { } p && d.Object.EndsWith(p, StringComparison.OrdinalIgnoreCase))));
        var ownDrift = plan.Drift.Any(d => d.Object == $"vm/{name}" && d.Field is "gpu" or "power" or "mmio" or "automaticStopAction");
        return gpuChanging || ownDrift;
    }
}
