using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests.Planning;

/// <summary>
/// A simulated cluster from a world, a spec to plan against it, and a plain in-order runner of the
/// plan that records what happened to each VM, so tests can assert outcomes rather than calls.
/// </summary>
internal sealed class Scenario : IDisposable
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero); // a Wednesday

    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-plan-").FullName;

    public Scenario(string world, string spec)
    {
        Provider = SimulatedWorld.Provider(_dir, world);
        var file = SpecLoader.Load("spec.yaml", spec);
        Assert.DoesNotContain(file.Diagnostics, d => d.IsError);
        Spec = Assert.Single(file.Clusters);
        Assert.DoesNotContain(Reconciler.Validation.SpecValidator.Validate(Spec, GpuCatalog.Default), d => d.IsError);
    }

    /// <summary>A scenario, or null when the world itself cannot exist (its running VMs do not fit).</summary>
    public static Scenario? TryCreate(string world, string spec)
    {
        var probe = Directory.CreateTempSubdirectory("reconciler-probe-").FullName;
        try
        {
            if (Simulator.Init(new StateStore(probe), "world.yaml", world, GpuCatalog.Default).Any(d => d.IsError))
            {
                return null;
            }
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }

        return new Scenario(world, spec);
    }

    public IClusterProvider Provider { get; }

    public ClusterSpec Spec { get; }

    /// <summary>The most VMs that were down for the plan at one time, counting only VMs it stopped.</summary>
    public int PeakDown { get; private set; }

    public List<string> Stopped { get; } = [];

    public ObservedCluster Observe() => Provider.ObserveAsync(CancellationToken.None).GetAwaiter().GetResult();

    public Plan Plan(DateTimeOffset? now = null) => Planner.Plan(Spec, Observe(), GpuCatalog.Default, now ?? Noon);

    /// <summary>Runs the operations in list order (a valid topological order), tracking VMs down.</summary>
    public async Task ApplyAsync(Plan plan)
    {
        var down = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var op in plan.Operations)
        {
            await OperationDispatch.ExecuteAsync(Provider, op, CancellationToken.None);
            if (op.Kind == OperationKind.StopVm)
            {
                down.Add(op.Vm!);
                Stopped.Add(op.Vm!);
            }
            else if (op.Kind == OperationKind.StartVm)
            {
                down.Remove(op.Vm!);
            }

            PeakDown = Math.Max(PeakDown, down.Count(v => Spec.Vms.Any(s => s.Name == v && s.Power != PowerIntent.Off)));
        }
    }

    /// <summary>Plans, applies, and plans again: the second plan must be empty.</summary>
    public async Task<Plan> ConvergeAsync(DateTimeOffset? now = null)
    {
        var plan = Plan(now);
        await ApplyAsync(plan);
        var again = Plan(now);
        Assert.True(again.Operations.Count == 0, $"not converged; second plan: {string.Join("; ", again.Operations.Select(o => $"{o.Kind} {o.Vm ?? o.Gpu}"))}");
        Assert.True(again.Drift.Count == 0, $"drift left: {string.Join("; ", again.Drift.Select(d => d.Sentence))}; blocked: {string.Join("; ", again.Blocked.Select(b => b.Message))}");
        return plan;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
