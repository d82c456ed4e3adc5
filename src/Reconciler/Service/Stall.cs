namespace Reconciler.Service;

/// <summary>Why the newest revision is not used.</summary>
internal sealed record Stall(string Commit, string Reason, string Message, DateTimeOffset Since);
