using Reconciler.Checks;

namespace Reconciler.Cli;

/// <summary>One check in <c>check -o json</c>; <c>status</c> is pass, warn, fail or skip.</summary>
internal sealed record CheckResultJson(string Id, string Title, string Status, string Detail, string? Remedy)
{
    public static CheckResultJson From(CheckResult result) =>
        new(result.Id, result.Title, result.Status.ToString().ToLowerInvariant(), result.Detail, result.Remedy);
}
