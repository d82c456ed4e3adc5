using System.Text;
using Reconciler.Planning;
using Spectre.Console;

namespace Reconciler.Cli;

/// <summary>A plan for people: what drifted, which VMs go down, then the steps by wave and host.</summary>
internal static class PlanText
{
    public static void Write(IAnsiConsole console, Plan plan)
    {
        console.WriteLine(Headline(plan));
        if (plan.Drift.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("Drift:");
            foreach (var item in plan.Drift)
            {
                console.WriteLine($"  - {item.Sentence}");
            }
        }

        if (plan.FailedOver.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("Failed over (away from their preferred owner):");
            foreach (var vm in plan.FailedOver)
            {
                console.WriteLine($"  - {vm.Describe()}");
            }
        }

        if (plan.Summary.VmsStopped.Count > 0)
        {
            console.WriteLine();
            console.WriteLine($"VMs that will be shut down: {string.Join(", ", plan.Summary.VmsStopped)}");
        }

        foreach (var wave in plan.Operations.GroupBy(o => o.Wave).OrderBy(w => w.Key))
        {
            var table = new Table().Title(WaveTitle(wave.Key)).AddColumns("id", "host", "step", "after");
            foreach (var op in wave.OrderBy(o => o.Host, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Id, StringComparer.Ordinal))
            {
                table.AddRow(op.Id, Markup.Escape(op.Host), Markup.Escape($"{op.Kind}: {op.Description}"), string.Join(" ", op.DependsOn));
            }

            console.Write(table);
        }

        if (plan.Blocked.Count > 0)
        {
            console.WriteLine();
            console.WriteLine("Blocked:");
            foreach (var item in plan.Blocked)
            {
                console.WriteLine($"  - [{item.Reason}] {item.Message}");
            }
        }
    }

    public static string Headline(Plan plan) =>
        !plan.HasChanges && !plan.IsBlocked
            ? $"No changes: cluster {plan.Cluster} matches its spec."
            : new StringBuilder()
                .Append($"Plan for {plan.Cluster}: {plan.Operations.Count} operation{(plan.Operations.Count == 1 ? "" : "s")}")
                .Append(plan.Summary.Waves > 0 ? $" in {plan.Summary.Waves} wave{(plan.Summary.Waves == 1 ? "" : "s")} of downtime" : ", no VM goes down")
                .Append($"; {plan.Summary.VmsStopped.Count} VM(s) shut down, {plan.Summary.GpusRepartitioned.Count} GPU(s) repartitioned")
                .Append(plan.IsBlocked ? $"; {plan.Blocked.Count} item(s) blocked." : ".")
                .ToString();

    public static string WaveTitle(int wave) => wave == 0 ? "wave 0: no VM goes down" : $"wave {wave}";
}
