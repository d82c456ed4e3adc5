using Reconciler.Tests.Cli;
using Reconciler.Tests.Service;

namespace Reconciler.Tests.Dashboard;

/// <summary>The real service following a git repository that holds the repository's example specs, with the example worlds simulated.</summary>
internal static class ExampleFleet
{
    public static readonly string[] Clusters = ["ai-west", "store-042", "vdi-east"];

    /// <summary>Copies specs/examples into the harness's repository (one commit) and specs/worlds into its worlds.</summary>
    public static void Prepare(ServiceHarness service)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(ReconcilerProcess.RepoRoot, "specs", "examples"), "*.yaml"))
        {
            service.Repository.Write("specs/" + Path.GetFileName(file), File.ReadAllText(file));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(service.Worlds, Path.GetFileName(file)));
        }

        service.Repository.Commit("the example clusters");
    }

    /// <summary>Starts the service and waits until every example cluster finished its first tick.</summary>
    public static async Task StartAsync(ServiceHarness service)
    {
        Prepare(service);
        await service.StartAsync();
        foreach (var cluster in Clusters)
        {
            await service.WaitForAsync(cluster, s => s.LastResult is not null, $"{cluster}'s first tick");
        }
    }

    /// <summary>The simulator state directory of a cluster, for <c>reconciler sim drift --sim</c>.</summary>
    public static string SimDirectory(ServiceHarness service, string cluster) => Path.Combine(service.StateDirectory, "sim", cluster);
}
