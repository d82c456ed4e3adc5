namespace Reconciler.Cli;

/// <summary>One host in <c>check -o json</c>: its endpoint (null for the simulator) and its checks in order.</summary>
internal sealed record CheckHostJson(string Name, string? Endpoint, bool Passed, IReadOnlyList<CheckResultJson> Checks);
