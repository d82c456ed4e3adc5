namespace Reconciler.Webhooks;

/// <summary>A push as the forge described it.</summary>
/// <param name="Ref">The full ref, e.g. refs/heads/main.</param>
/// <param name="Branch">The branch name, or null for a tag or other ref.</param>
internal sealed record PushInfo(string Provider, string Ref, string? Branch, string? Repository);
