namespace Reconciler.Webhooks;

/// <summary>What POST /hooks/git answers, and whether the loop should tick now.</summary>
internal sealed record WebhookResult(int StatusCode, string Reason, bool ShouldTick = false, PushInfo? Push = null)
{
    public static WebhookResult Refused(string reason) => new(401, reason);

    public static WebhookResult Malformed(string reason) => new(400, reason);

    public static WebhookResult Ignored(string reason, PushInfo? push = null) => new(202, reason, false, push);

    public static WebhookResult Tick(PushInfo push) => new(202, $"push to {push.Branch}: a tick starts now", true, push);
}
