using System.CommandLine;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Spec;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Cli;

/// <summary><c>reconciler validate PATH...</c>: parse and check specs offline. Exit 0 valid, 1 invalid, 2 usage.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Spec files, or directories searched recursively for *.yaml and *.yml", Arity = ArgumentArity.OneOrMore };
        var format = OutputFormat.Option("text", "json");
        var command = new Command("validate", "Parse and check cluster specs offline, reporting every error with file:line:column") { paths, format };
        command.SetAction(result => Run(result.GetValue(paths)!, result.GetValue(format)!, output));
        return command;
    }

    private static int Run(string[] paths, string format, TextWriter output)
    {
        var limits = YamlLimits.Default;
        var (sources, unreadable) = SpecFiles.Read(paths, limits);
        var set = SpecSet.Load(sources, GpuCatalog.Default, limits, unreadable);
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(ToJson(set), JsonOptions.Default));
        }
        else
        {
            WriteText(set, sources.Count + unreadable.Count, output);
        }

        return set.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void WriteText(SpecSet set, int files, TextWriter output)
    {
        foreach (var diagnostic in set.Diagnostics)
        {
            output.WriteLine(diagnostic);
        }

        if (set.Diagnostics.Count > 0)
        {
            output.WriteLine();
        }

        foreach (var cluster in set.Clusters)
        {
            output.WriteLine($"{(cluster.IsValid ? "valid  " : "INVALID")} {cluster.Spec.Name} ({cluster.Path}): {ClusterSummary.Of(cluster.Spec)}");
        }

        var invalid = set.Clusters.Count(c => !c.IsValid);
        output.WriteLine(
            $"{set.Clusters.Count} cluster{(set.Clusters.Count == 1 ? "" : "s")} in {files} file{(files == 1 ? "" : "s")}: " +
            $"{set.Clusters.Count - invalid} valid, {invalid} invalid; {set.ErrorCount} error{(set.ErrorCount == 1 ? "" : "s")}, {set.WarningCount} warning{(set.WarningCount == 1 ? "" : "s")}");
    }

    private static ValidationJson ToJson(SpecSet set) => new(
        set.IsValid,
        [.. set.Clusters.Select(c => new ClusterJson(c.Spec.Name, c.Path, c.IsValid, ClusterSummary.Of(c.Spec)))],
        [.. set.Diagnostics.Select(d => new DiagnosticJson(d.Location.File, d.Location.Line, d.Location.Column, d.IsError ? "error" : "warning", d.Code.Id, d.Message))],
        set.ErrorCount,
        set.WarningCount);

    internal sealed record ValidationJson(bool Valid, IReadOnlyList<ClusterJson> Clusters, IReadOnlyList<DiagnosticJson> Diagnostics, int Errors, int Warnings);

    internal sealed record ClusterJson(string Name, string File, bool Valid, ClusterSummary Summary);

    internal sealed record DiagnosticJson(string File, int Line, int Column, string Severity, string Code, string Message);
}
