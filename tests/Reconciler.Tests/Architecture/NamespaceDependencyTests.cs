using Reconciler.Hosting;
using Reconciler.Planning;

namespace Reconciler.Tests.Architecture;

/// <summary>
/// The folders of the executable depend on each other one way (issue 18, "the tree tells the
/// truth"): the composition root (Hosting) knows everyone, and no adapter imports another in a
/// circle. Read from the compiled code, so a fully qualified name cannot sneak past.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private static readonly NamespaceGraph App = NamespaceGraph.Of(typeof(ServiceHost).Assembly);

    private static readonly NamespaceGraph Core = NamespaceGraph.Of(typeof(Planner).Assembly);

    [Fact]
    public void Core_Rooms_FormNoCircle()
    {
        // What a spec implies without a host (Assumed) is its own room: Review and Failover both
        // use it, so Validation -> Failover -> Review -> Validation no longer closes.
        Assert.True(Core.Cycles().Count == 0, string.Join("\n", Core.Cycles().Select(Core.Describe)));
        Assert.True(Core.Uses("Reconciler.Failover", "Reconciler.Assumed"));
        Assert.False(Core.Uses("Reconciler.Failover", "Reconciler.Review"));
    }

    [Fact]
    public void Core_TheDiff_ComesBeforeThePlan()
    {
        // Drift is computed on its own (design.md §2 step 4); the planner orders its work.
        Assert.False(Core.Uses("Reconciler.Drift", "Reconciler.Planning"), Core.Edges.GetValueOrDefault("Reconciler.Drift")?.GetValueOrDefault("Reconciler.Planning"));
        Assert.True(Core.Uses("Reconciler.Planning", "Reconciler.Drift"));
    }

    [Fact]
    public void Core_ThePlanner_CallsNoProvider()
    {
        // Provider calls are the executor's (OperationDispatch lives in Execution).
        Assert.False(Core.Uses("Reconciler.Planning", "Reconciler.Providers"), Core.Edges.GetValueOrDefault("Reconciler.Planning")?.GetValueOrDefault("Reconciler.Providers"));
    }

    [Fact]
    public void Core_TheExecutor_VerifiesAgainstTheDiffNotThePlanner()
    {
        Assert.False(Core.UsesType("Reconciler.Execution", typeof(Planner)));
    }

    [Fact]
    public void App_Folders_FormNoCircle()
    {
        var cycles = App.Cycles();

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(App.Describe)));
    }

    [Theory]
    [InlineData("Reconciler.Service")]
    [InlineData("Reconciler.Http")]
    [InlineData("Reconciler.Webhooks")]
    [InlineData("Reconciler.Alerts")]
    [InlineData("Reconciler.Settings")]
    [InlineData("Reconciler.Metrics")]
    public void App_OnlyTheCompositionRootAndTheRunVerb_KnowTheHost(string folder)
    {
        Assert.False(App.Uses(folder, "Reconciler.Hosting"), $"{folder} uses Reconciler.Hosting: {App.Edges.GetValueOrDefault(folder)?.GetValueOrDefault("Reconciler.Hosting")}");
    }

    [Fact]
    public void App_Graph_SeesUsesInMethodBodies()
    {
        // The scanner must see what only a body shows (the host maps the webhook route in code),
        // or an empty graph would pass the circle test above.
        Assert.True(App.Uses("Reconciler.Hosting", "Reconciler.Webhooks"));
        Assert.True(App.Uses("Reconciler.Cli", "Reconciler.Hosting"));
    }
}
