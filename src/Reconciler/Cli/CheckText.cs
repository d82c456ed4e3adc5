using Reconciler.Checks;

namespace Reconciler.Cli;

/// <summary>
/// <c>check</c>'s text, in flux check's manner: a "►" heading per host, "✔" for a pass, "✗" for
/// a failure followed by its remedy, "!" for a warning, "-" for a check not run; then the GPU
/// inventory and the checks across hosts.
/// </summary>
internal static class CheckText
{
    public static async Task WriteAsync(CheckReport report, TextWriter output)
    {
        foreach (var host in report.Hosts)
        {
            await output.WriteLineAsync($"► {host.Host}{(host.Endpoint.Length > 0 ? $" ({host.Endpoint})" : "")}").ConfigureAwait(false);
            await WriteAsync(host.Checks, output).ConfigureAwait(false);
        }

        if (report.Gpus.Count > 0)
        {
            await output.WriteLineAsync("► GPUs").ConfigureAwait(false);
            var rows = report.Gpus.Select(g => new[] { g.Host, g.LocationPath, g.Model, g.Status, g.PartitionCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", g.HostDriver ?? "-" }).ToList();
            string[] header = ["HOST", "LOCATION PATH", "MODEL", "STATUS", "PARTITIONS", "HOST DRIVER"];
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            foreach (var row in rows.Prepend(header))
            {
                await output.WriteLineAsync("  " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync("► across hosts").ConfigureAwait(false);
        await WriteAsync(report.ClusterChecks, output).ConfigureAwait(false);

        var failed = report.Hosts.SelectMany(h => h.Checks).Concat(report.ClusterChecks).Count(c => c.Status == CheckStatus.Fail);
        await output.WriteLineAsync(failed == 0 ? "✔ all checks passed" : $"✗ {failed} check{(failed == 1 ? "" : "s")} failed").ConfigureAwait(false);
    }

    private static async Task WriteAsync(IEnumerable<CheckResult> checks, TextWriter output)
    {
        foreach (var check in checks)
        {
            var mark = check.Status switch
            {
                CheckStatus.Pass => "✔",
                CheckStatus.Warn => "!",
                CheckStatus.Fail => "✗",
                _ => "-",
            };
            await output.WriteLineAsync($"{mark} {check.Title}: {check.Detail}").ConfigureAwait(false);
            if (check.Remedy is { } remedy && check.Status is CheckStatus.Fail or CheckStatus.Warn)
            {
                await output.WriteLineAsync($"  → {remedy}").ConfigureAwait(false);
            }
        }
    }
}
