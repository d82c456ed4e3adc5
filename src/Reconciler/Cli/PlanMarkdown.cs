using System.Text;
using Reconciler.Planning;
using Spectre.Console;

namespace Reconciler.Cli;

/// <summary>The same plan as Markdown, for pull requests and tickets.</summary>
internal static class PlanMarkdown
{
    public static string Write(Plan plan)
    {
        var md = new StringBuilder();
        md.Append($"### {PlanText.Headline(plan)}\n\n");
        if (plan.Drift.Count > 0)
        {
            md.Append("**Drift**\n\n");
            foreach (var item in plan.Drift)
            {
                md.Append($"- {Escape(item.Sentence)}\n");
            }

            md.Append('\n');
        }

        if (plan.FailedOver.Count > 0)
        {
            md.Append("**Failed over** (away from their preferred owner)\n\n");
            foreach (var vm in plan.FailedOver)
            {
                md.Append($"- {Escape(vm.Describe())}\n");
            }

            md.Append('\n');
        }

        if (plan.Summary.VmsStopped.Count > 0)
        {
            md.Append($"**VMs shut down:** {string.Join(", ", plan.Summary.VmsStopped.Select(v => $"`{v}`"))}\n\n");
        }

        foreach (var wave in plan.Operations.GroupBy(o => o.Wave).OrderBy(w => w.Key))
        {
            md.Append($"**{PlanText.WaveTitle(wave.Key)}**\n\n| id | host | step | after |\n| --- | --- | --- | --- |\n");
            foreach (var op in wave.OrderBy(o => o.Host, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Id, StringComparer.Ordinal))
            {
                md.Append($"| {op.Id} | {op.Host} | {op.Kind}: {Escape(op.Description)} | {string.Join(" ", op.DependsOn)} |\n");
            }

            md.Append('\n');
        }

        if (plan.Blocked.Count > 0)
        {
            md.Append("**Blocked**\n\n");
            foreach (var item in plan.Blocked)
            {
                md.Append($"- **{item.Reason}**: {Escape(item.Message)}\n");
            }
        }

        return md.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("#", "\\#", StringComparison.Ordinal);
}
