namespace Reconciler.Cli.Webhooks;

/// <summary>A push as the forge described it.</summary>
/// <param name="Ref">The full ref, e.g. refs/heads/main.</param>
/// <param name="Branch">The branch name, or null for a tag or other ref.</param>
internal sealed record PushInfo(string Provider, string Ref, string? Branch, string? Repository);

/// <summary>What POST /hooks/git answers, and whether the loop should tick now.</summary>
internal sealed record WebhookResult(int StatusCode, string Reason, bool ShouldTick = false, PushInfo? Push = null)
{
    public static WebhookResult Refused(string reason) => new(401, reason);

    public static WebhookResult Malformed(string reason) => new(400, reason);

    public static WebhookResult Ignored(string reason, PushInfo? push = null) => new(202, reason, false, push);

    public static WebhookResult Tick(PushInfo push) => new(202, $"push to {push.Branch}: a tick starts now", true, push);
}
