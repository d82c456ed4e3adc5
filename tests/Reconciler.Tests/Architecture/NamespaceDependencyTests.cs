using Reconciler.Hosting;

namespace Reconciler.Tests.Architecture;

/// <summary>
/// The folders of the executable depend on each other one way (issue 18, "the tree tells the
/// truth"): the composition root (Hosting) knows everyone, and no adapter imports another in a
/// circle. Read from the compiled code, so a fully qualified name cannot sneak past.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private static readonly NamespaceGraph App = NamespaceGraph.Of(typeof(ServiceHost).Assembly);

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
