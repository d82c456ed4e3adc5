using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Reconciler.HyperV.Fake;
using Reconciler.Observed;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>A VM holding more than one GPU partition adapter is not hidden, and removing its adapter removes them all.</summary>
public sealed class ExtraAdapterTests
{
    [Fact]
    public async Task Observe_WarnsAboutASecondAdapter_AndRemoveTakesThemAll()
    {
        var options = new FakeOptions();
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);
        var lines = new ConcurrentQueue<string>();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new Collecting(lines)));
        var provider = HyperVTarget.Open(cluster.SettingsPath, loggers);
        await provider.AddPartitionAdapterAsync("hv-01", "idle-1", null, PartitionSettings.None with { MinVram = 1UL << 30 }, CancellationToken.None);
        options.ExtraPartitionAdapters.Add(new FakeExtraAdapter("hv-01", "idle-1"));

        await provider.ObserveAsync(CancellationToken.None);
        Assert.Contains(lines, l => l.Contains("idle-1 holds 2 GPU partition adapters", StringComparison.Ordinal));

        await provider.RemovePartitionAdapterAsync("hv-01", "idle-1", CancellationToken.None);

        Assert.Empty(options.ExtraPartitionAdapters);
        Assert.Null((await provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.Partition);
    }

    private sealed class Collecting(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
