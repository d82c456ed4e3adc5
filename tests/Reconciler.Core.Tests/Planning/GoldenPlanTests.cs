using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Reconciler.Catalog;
using Reconciler.Planning;
using Reconciler.Spec;
using Reconciler.Validation;

namespace Reconciler.Tests.Planning;

/// <summary>
/// Plans serialized to JSON must equal golden files made before the performance work (issue 4):
/// the benchmark's fleet at 20 hosts, and the generated worlds of <see cref="RandomWorlds"/>,
/// which reach the DDA, pool, prune, budget and blocked paths the fleet does not.
/// </summary>
public class GoldenPlanTests
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public void Fleet20_PlanEqualsGolden()
    {
        var spec = Assert.Single(SpecLoader.Load("fleet.yaml", GoldenFleet.SpecText(20)).Clusters);
        Assert.DoesNotContain(SpecValidator.Validate(spec, GpuCatalog.Default), d => d.IsError);

        var plan = Planner.Plan(spec, GoldenFleet.Observed(20), GpuCatalog.Default, Scenario.Noon);

        Golden.AssertMatches("tests/Reconciler.Core.Tests/Planning/Golden/fleet-20.plan.json", JsonSerializer.Serialize(plan, Json) + "\n");
    }

    [Fact]
    public void GeneratedWorlds_PlansEqualGolden()
    {
        var all = new StringBuilder();
        for (var seed = 1; seed <= 80; seed++)
        {
            var (world, text) = new RandomWorlds(seed).Next();
            var spec = Assert.Single(SpecLoader.Load("spec.yaml", text).Clusters);
            if (SpecValidator.Validate(spec, GpuCatalog.Default).Any(d => d.IsError))
            {
                continue;
            }

            using var scenario = Scenario.TryCreate(world, text);
            if (scenario is null)
            {
                continue;
            }

            all.Append("# seed ").Append(seed).Append('\n');
            all.Append(JsonSerializer.Serialize(scenario.Plan(), Json)).Append('\n');
        }

        Golden.AssertMatches("tests/Reconciler.Core.Tests/Planning/Golden/generated-worlds.plans.json", all.ToString());
    }
}
