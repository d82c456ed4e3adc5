using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Metrics;
using Reconciler.Planning;
using Reconciler.Reconciliation;

namespace Reconciler.Tests.Metrics;

public sealed class PrometheusExpositionTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ReconcilerMetrics _metrics;
    private readonly PrometheusExposition _exposition;

    public PrometheusExpositionTests()
    {
        _metrics = new ReconcilerMetrics(_services.GetRequiredService<IMeterFactory>());
        _exposition = new PrometheusExposition(_metrics.Meter);
    }

    public void Dispose()
    {
        _exposition.Dispose();
        _services.Dispose();
    }

    private Dictionary<string, PrometheusText.Family> Scrape() => PrometheusText.Parse(_exposition.Write());

    [Fact]
    public void Write_AfterReconciles_CountsResultsAsTotalsAndDurationsAsSecondsHistograms()
    {
        _metrics.Reconciled("lab", TickOutcome.Converged, TimeSpan.FromMilliseconds(300), driftItems: 0);
        _metrics.Reconciled("lab", TickOutcome.Converged, TimeSpan.FromSeconds(3), driftItems: 0);
        _metrics.Reconciled("lab", TickOutcome.Failed, TimeSpan.FromMinutes(20), driftItems: 2);

        var families = Scrape();

        var reconciles = families["reconciler_reconciles_total"];
        Assert.Equal("counter", reconciles.Type);
        Assert.Equal(2, reconciles.Samples.Single(s => s.Label("result") == "Converged").Value);
        Assert.Equal(1, reconciles.Samples.Single(s => s.Label("result") == "Failed").Value);
        var duration = families["reconciler_reconcile_duration_seconds"];
        Assert.Equal("histogram", duration.Type);
        Assert.Equal(3, duration.Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
        Assert.Equal(1, duration.Samples.Single(s => s.Label("le") == "0.5").Value);
        Assert.Equal(2, duration.Samples.Single(s => s.Label("le") == "5").Value);
        Assert.Equal(1203.3, duration.Samples.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)).Value, precision: 6);
        Assert.Equal(2, Assert.Single(families["reconciler_drift_items"].Samples).Value);
        Assert.Equal("gauge", families["reconciler_drift_items"].Type);
    }

    [Fact]
    public void Write_Operations_CountedByKindAndResult()
    {
        var stop = OperationKind.StopVm;
        _metrics.Operation(stop, ExecutionEventKind.Started);
        _metrics.Operation(stop, ExecutionEventKind.Succeeded);
        _metrics.Operation(stop, ExecutionEventKind.Started);
        _metrics.Operation(stop, ExecutionEventKind.Failed);
        _metrics.Operation(OperationKind.SetPartitionCount, ExecutionEventKind.AlreadyDone);

        var operations = Scrape()["reconciler_operations_total"].Samples;

        Assert.Equal(3, operations.Count);
        Assert.Equal(1, operations.Single(s => s.Label("kind") == "StopVm" && s.Label("result") == "succeeded").Value);
        Assert.Equal(1, operations.Single(s => s.Label("kind") == "StopVm" && s.Label("result") == "failed").Value);
        Assert.Equal(1, operations.Single(s => s.Label("kind") == "SetPartitionCount" && s.Label("result") == "already_done").Value);
    }

    [Fact]
    public void Write_NewAppliedRevision_ReplacesThePreviousRevisionsSeries()
    {
        _metrics.Converged("lab", "aaaa", TimeSpan.FromSeconds(40));
        Assert.Equal("aaaa", Assert.Single(Scrape()["reconciler_last_applied_revision_info"].Samples).Label("revision"));

        _metrics.Converged("lab", "bbbb", TimeSpan.FromSeconds(90));
        var families = Scrape();

        var info = Assert.Single(families["reconciler_last_applied_revision_info"].Samples);
        Assert.Equal(("lab", "bbbb", 1.0), (info.Label("cluster"), info.Label("revision"), info.Value));
        var converged = families["reconciler_commit_to_converged_seconds"].Samples;
        Assert.Equal(2, converged.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
        Assert.Equal(130, converged.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void Write_ForgottenCluster_LeavesTheGauges()
    {
        _metrics.Reconciled("gone", TickOutcome.Converged, TimeSpan.FromSeconds(1), driftItems: 1);
        _metrics.Converged("gone", "aaaa", TimeSpan.FromSeconds(1));
        _metrics.Reconciled("kept", TickOutcome.Converged, TimeSpan.FromSeconds(1), driftItems: 0);

        _metrics.Forget(["kept"]);
        var families = Scrape();

        Assert.Equal("kept", Assert.Single(families["reconciler_drift_items"].Samples).Label("cluster"));
        Assert.Empty(families["reconciler_last_applied_revision_info"].Samples);
    }

    [Fact]
    public void Write_LabelValuesWithQuotesBackslashesAndNewlines_AreEscapedAndReadBack()
    {
        const string odd = "lab \"north\"\\rack\n2";
        _metrics.AlertDelivery(odd, "delivered");

        var text = _exposition.Write();
        var sample = Assert.Single(PrometheusText.Parse(text)["reconciler_alert_deliveries_total"].Samples);

        Assert.Equal(odd, sample.Label("channel"));
        Assert.Contains("channel=\"lab \\\"north\\\"\\\\rack\\n2\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EveryFamily_HasHelpAndTypeEvenBeforeItsFirstSample()
    {
        var families = Scrape();

        Assert.Equal(
            ["reconciler_alert_deliveries_total", "reconciler_alert_dropped_total", "reconciler_commit_to_converged_seconds", "reconciler_drift_items",
             "reconciler_last_applied_revision_info", "reconciler_operations_total", "reconciler_reconcile_duration_seconds", "reconciler_reconciles_total",
             "reconciler_source_fetch_failures_total", "reconciler_source_last_fetch_age_seconds", "reconciler_stalled_clusters"],
            families.Keys.Order(StringComparer.Ordinal));
        Assert.All(families.Values, f => Assert.False(string.IsNullOrWhiteSpace(f.Help)));
    }

    [Fact]
    public void Write_AnotherServicesMeter_IsNotIncluded()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var theirs = new ReconcilerMetrics(other.GetRequiredService<IMeterFactory>());

        theirs.Reconciled("theirs", TickOutcome.Converged, TimeSpan.FromSeconds(1), driftItems: 0);

        Assert.Empty(Scrape()["reconciler_reconciles_total"].Samples);
    }

    [Theory]
    [InlineData("x_total 1\n", "outside its TYPE")]
    [InlineData("# TYPE x counter\nx{a=\"1\" 1\n", "label")]
    [InlineData("# TYPE x counter\nx 1\n# TYPE y gauge\ny 1\nx 2\n", "outside its TYPE")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "_count")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "+Inf")]
    [InlineData("# TYPE x gauge\nx{a=\"\\t\"} 1\n", "escape")]
    [InlineData("# TYPE x gauge\nx 1", "line feed")]
    public void StrictParser_RejectsWhatPrometheusWouldNot(string text, string complaint)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.Contains(complaint, error.Message, StringComparison.Ordinal);
    }
}
