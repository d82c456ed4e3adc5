using Reconciler.Tests.Service;

namespace Reconciler.Tests.Dashboard;

/// <summary>One service on the example clusters for the tests that only look (they change nothing).</summary>
public sealed class ExampleFleetFixture : IAsyncLifetime
{
    internal ServiceHarness Service { get; } = new();

    public Task InitializeAsync() => ExampleFleet.StartAsync(Service);

    public async Task DisposeAsync() => await Service.DisposeAsync();
}
