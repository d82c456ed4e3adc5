namespace Reconciler.Git;

/// <summary>What one git command printed. Only successful runs are returned; failures throw.</summary>
public sealed record GitResult(string StandardOutput, string StandardError);
