using System.Globalization;
using System.Text;
using Reconciler.Planning;

namespace Reconciler.Cli.Progress;

/// <summary>One step of a plan that has finished, one way or another: the unit of apply's progress output.</summary>
internal sealed record FinishedStep(Operation Operation, string Result, TimeSpan Duration, string? Message)
{
    /// <summary>
    /// key=value on exactly one line, so log pipelines can pick fields out: host, VM, operation,
    /// result, duration, then the step's id and, for a failure, the reason.
    /// </summary>
    public string LogLine() => string.Create(CultureInfo.InvariantCulture,
        $"host={Value(Operation.Host)} vm={Value(Operation.Vm ?? "-")} operation={Operation.Kind} result={Result} duration={Duration.TotalSeconds:0.00}s id={Value(Operation.Id)}{(Message is null || Result != "failed" ? "" : $" reason={Quoted(Message)}")}");

    /// <summary>A name as it is, unless it would split the line or the field (a VM name may hold spaces): then quoted.</summary>
    private static string Value(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '=' or '\\') ? value : Quoted(value);

    /// <summary>
    /// In double quotes, logfmt style: provider messages (WinRM faults, guest output) can hold
    /// quotes and line breaks, which would otherwise end the field or the line early.
    /// </summary>
    private static string Quoted(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                _ when char.IsControl(c) => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }
}
