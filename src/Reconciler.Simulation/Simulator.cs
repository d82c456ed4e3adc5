using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using Reconciler.Simulation.World;

namespace Reconciler.Simulation;

/// <summary>Creates simulated clusters from world files.</summary>
public static class Simulator
{
    /// <summary>The default state directory, relative to the working directory (design.md §4.3).</summary>
    public const string DefaultDirectory = ".reconciler/sim";

    /// <summary>
    /// Reads a world and makes it the state of <paramref name="store"/>. VMs the world says are
    /// running get their partitions and pool GPUs resolved as if they had just started.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Init(StateStore store, string worldPath, string worldText, GpuCatalog catalog)
    {
        var (state, diagnostics) = WorldReader.Read(worldPath, worldText, catalog);
        if (state is null)
        {
            return diagnostics;
        }

        var problems = new DiagnosticBag();
        problems.AddRange(diagnostics);
        foreach (var host in state.Hosts)
        {
            foreach (var vm in host.Vms.Where(v => v.IsActive).ToList())
            {
                var was = vm.State;
                vm.State = VmPowerState.Off;
                try
                {
                    SimRules.Start(state, host.Name, vm.Name, now: null); // running before the world began: booted
                    vm.State = was;
                }
                catch (ProviderException ex)
                {
                    problems.Add(Codes.HostCapacity, new SourceLocation(worldPath, 0, 0), $"VM {vm.Name} is {was} in the world, but it could not start: {ex.Message}");
                }
            }
        }

        if (!problems.HasErrors)
        {
            store.Save(state);
            store.RemoveStaleTempFiles();
        }

        return problems.Items;
    }
}
