namespace Reconciler.Tests.Dashboard;

/// <summary>The dashboard tests share one browser (starting chromium is the slow part) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
