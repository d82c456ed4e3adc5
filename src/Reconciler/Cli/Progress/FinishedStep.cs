using System.Globalization;
using Reconciler.Planning;

namespace Reconciler.Cli.Progress;

/// <summary>One step of a plan that has finished, one way or another: the unit of apply's progress output.</summary>
internal sealed record FinishedStep(Operation Operation, string Result, TimeSpan Duration, string? Message)
{
    /// <summary>
    /// key=value, so log pipelines can pick fields out: host, VM, operation, result, duration,
    /// then the step's id and, for a failure, the reason.
    /// </summary>
    public string LogLine() => string.Create(CultureInfo.InvariantCulture,
        $"host={Operation.Host} vm={Operation.Vm ?? "-"} operation={Operation.Kind} result={Result} duration={Duration.TotalSeconds:0.00}s id={Operation.Id}{(Message is null || Result != "failed" ? "" : $" reason=\"{Message.Replace("\"", "'", StringComparison.Ordinal)}\"")}");
}
