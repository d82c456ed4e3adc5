using System.Diagnostics;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Tests;

/// <summary>A process killed at any instant leaves the state directory readable and consistent.</summary>
public sealed class CrashConsistencyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string World = """
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: crash }
        spec:
          hosts:
            - name: hv-01
              gpus: [ { model: NVIDIA A16, locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", partitionCount: 2 } ]
              vms:
                - { name: vm-a, state: Off }
                - { name: vm-b, state: Off }
          behaviour: { timeScale: 0 }
        """;

    [Fact]
    public async Task KillingAWorkerMidRun_AlwaysLeavesAReadableConsistentState()
    {
        var store = new StateStore(_dir);
        Assert.Empty(Simulator.Init(store, "crash.yaml", World, GpuCatalog.Default));
        var random = new Random(2026);
        for (var kill = 0; kill < 12; kill++)
        {
            using var worker = StartWorker();

            // Kill only once the worker is applying operations, so every kill lands among them and
            // not in process start-up (which takes seconds on a busy CI machine).
            var before = store.Load().Operations;
            var waited = Stopwatch.StartNew();
            while (store.Load().Operations <= before + 2 && !worker.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }

            if (worker.HasExited)
            {
                Assert.Fail($"the worker stopped by itself: {await worker.StandardError.ReadToEndAsync()}");
            }

            Assert.True(store.Load().Operations > before + 2, "the worker made no progress in 60 s");
            await Task.Delay(random.Next(0, 300));
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();

            AssertConsistent(store);
        }
    }

    private Process StartWorker()
    {
        // Standard output is not redirected: nobody reads it, and a full pipe would stall the worker.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Reconciler.Simulation.Worker.dll"));
        start.ArgumentList.Add(_dir);
        return Process.Start(start)!;
    }

    /// <summary>The state parses, and the platform's invariants hold in it.</summary>
    private static void AssertConsistent(StateStore store)
    {
        var text = File.ReadAllText(store.StatePath);
        using (JsonDocument.Parse(text))
        {
        }

        var state = store.Load();
        var gpu = state.Hosts[0].Gpus[0];
        Assert.Contains(gpu.PartitionCount, gpu.ValidPartitionCounts);
        var running = state.Hosts[0].Vms.Where(v => v.State == VmPowerState.Running).ToList();
        Assert.All(running, v => Assert.NotNull(v.Adapter?.ResolvedGpu));
        Assert.True(running.Count <= gpu.PartitionCount, "no more running partitions than the GPU has");
        Assert.Equal(2, state.Hosts[0].Vms.Count);
    }
}
