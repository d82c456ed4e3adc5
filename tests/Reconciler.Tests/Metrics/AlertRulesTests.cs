using System.Diagnostics;
using Reconciler.Tests.Cli;

namespace Reconciler.Tests.Metrics;

/// <summary>
/// The alert rules docs/service.md gives for the fetch and stall series, run through Prometheus'
/// own promtool (Debian's prometheus package, installed by .ci/run): they load, and they fire
/// when they should, with the words they say.
/// </summary>
public sealed class AlertRulesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reconciler-rules-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string DocumentedRules()
    {
        var doc = File.ReadAllText(Path.Combine(ReconcilerProcess.RepoRoot, "docs", "service.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf("```yaml\ngroups:\n  - name: reconciler", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/service.md has no alert rules block");
        var end = doc.IndexOf("```", start + 7, StringComparison.Ordinal);
        return doc[(start + "```yaml\n".Length)..end];
    }

    private (int ExitCode, string Output) Promtool(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }

    [Fact]
    public void DocumentedRules_LoadAndFireWhenFetchesFailAndClustersStall()
    {
        File.WriteAllText(Path.Combine(_directory, "rules.yml"), DocumentedRules());
        // Fetches fail every minute from the start and the fetch age grows; a cluster stalls at minute 1.
        File.WriteAllText(Path.Combine(_directory, "test.yml"), """
            rule_files: [rules.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - { series: 'reconciler_stalled_clusters{job="reconciler"}', values: '0 1x40' }
                  - { series: 'reconciler_source_fetch_failures_total{job="reconciler"}', values: '0+1x40' }
                  - { series: 'reconciler_source_last_fetch_age_seconds{job="reconciler"}', values: '0+60x40' }
                  - { series: 'up{job="reconciler"}', values: '1x40' }
                alert_rule_test:
                  - { eval_time: 20m, alertname: ReconcilerStalledClusters, exp_alerts: [] }
                  - eval_time: 35m
                    alertname: ReconcilerStalledClusters
                    exp_alerts:
                      - exp_labels: { severity: warning, job: reconciler }
                        exp_annotations:
                          summary: "1 cluster(s) do not apply the newest revision (a broken or untrusted spec); fix the spec named in their Stalled condition"
                  - { eval_time: 15m, alertname: ReconcilerFetchFailing, exp_alerts: [] }
                  - eval_time: 25m
                    alertname: ReconcilerFetchFailing
                    exp_alerts:
                      - exp_labels: { severity: warning, job: reconciler }
                        exp_annotations:
                          summary: "Reconciler has not fetched its git source for 25m 0s; clusters stay on the last good revision (see source.fetchError in /api/v1/status)"
                  - { eval_time: 30m, alertname: ReconcilerDown, exp_alerts: [] }
            """);

        var check = Promtool("check", "rules", "rules.yml");
        var test = Promtool("test", "rules", "test.yml");

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.True(test.ExitCode == 0, test.Output);
    }
}
