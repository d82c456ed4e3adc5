using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reconciler.Webhooks;

/// <summary>
/// Push webhooks of GitHub, Gitea, GitLab and Azure DevOps. With a secret, every request must
/// prove it knows it, the way its forge does (HMAC-SHA256 of the body for GitHub and Gitea, the
/// token header for GitLab, Basic authentication for Azure DevOps, which signs nothing), checked
/// in constant time, before the body is parsed. A push to the followed branch asks for a tick;
/// anything else is acknowledged and ignored. The receiver never fetches: the tick does, so a
/// forged push could at most cause one extra tick.
/// </summary>
/// <param name="secret">The shared secret; null accepts unsigned requests.</param>
/// <param name="branch">The branch the service follows; null = every branch push ticks.</param>
internal sealed class GitWebhookReceiver(string? secret, string? branch)
{
    public WebhookResult Receive(IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        var header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            header[name] = value;
        }

        // Gitea also sends GitHub's and Gogs' headers, so it is recognised first.
        if (header.TryGetValue("X-Gitea-Event", out var giteaEvent) || header.TryGetValue("X-Gogs-Event", out giteaEvent))
        {
            return Verified(HmacMatches(header.GetValueOrDefault("X-Gitea-Signature") ?? header.GetValueOrDefault("X-Gogs-Signature"), "", body), "X-Gitea-Signature")
                ?? Parse(body, "gitea", giteaEvent == "push", giteaEvent, HubPush);
        }

        // A GitHub signature marks a GitHub delivery even when a proxy dropped X-GitHub-Event: it
        // is checked as GitHub's, never taken for Azure DevOps' Basic authentication; the body says
        // whether it is a push.
        var githubSigned = header.ContainsKey("X-Hub-Signature-256");
        if (header.TryGetValue("X-GitHub-Event", out var githubEvent) || githubSigned)
        {
            return Verified(HmacMatches(header.GetValueOrDefault("X-Hub-Signature-256"), "sha256=", body), "X-Hub-Signature-256")
                ?? Parse(body, "github", githubEvent is null ? null : githubEvent == "push", githubEvent, HubPush);
        }

        if (header.TryGetValue("X-Gitlab-Event", out var gitlabEvent))
        {
            return Verified(SecretMatches(header.GetValueOrDefault("X-Gitlab-Token")), "X-Gitlab-Token")
                ?? Parse(body, "gitlab", gitlabEvent == "Push Hook", gitlabEvent, GitLabPush);
        }

        // Azure DevOps service hooks name the event in the body only.
        return Verified(SecretMatches(BasicPassword(header.GetValueOrDefault("Authorization"))), "Basic authentication")
            ?? Parse(body, "azure-devops", null, null, AzureDevOpsPush);
    }

    /// <summary>Null when the request may go on; a 401 naming what was missing or wrong otherwise.</summary>
    private WebhookResult? Verified(bool matches, string proof) =>
        secret is null || matches ? null : WebhookResult.Refused($"missing or wrong {proof}: the webhook secret does not match");

    private bool HmacMatches(string? signature, string prefix, ReadOnlySpan<byte> body)
    {
        if (secret is null || signature is null || !signature.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>Compares hashes, so neither the length nor the content of the secret shows in the timing.</summary>
    private bool SecretMatches(string? given) =>
        secret is not null && given is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string? BasicPassword(string? authorization)
    {
        const string scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <param name="isPush">Whether the header names a push; null when the body has to say (Azure DevOps).</param>
    private WebhookResult Parse(ReadOnlySpan<byte> body, string provider, bool? isPush, string? eventName, Func<JsonElement, string, PushInfo?> push)
    {
        if (isPush == false)
        {
            // Not even parsed: a ping or an issue event needs nothing from us.
            return WebhookResult.Ignored($"{provider} event '{eventName}' is not a push; ignored");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            return WebhookResult.Malformed($"the body is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return WebhookResult.Malformed("the body is not a JSON object");
            }

            var info = push(document.RootElement, provider);
            if (info is null)
            {
                return isPush is null && !document.RootElement.TryGetProperty("eventType", out _)
                    ? WebhookResult.Malformed("not a push webhook of GitHub, GitLab, Gitea or Azure DevOps (no X-GitHub-Event, X-Gitea-Event or X-Gitlab-Event header, no eventType)")
                    : WebhookResult.Ignored($"{provider}: not a branch push; ignored");
            }

            if (info.Branch is null)
            {
                return WebhookResult.Ignored($"{provider}: push to {info.Ref} is not a branch; ignored", info);
            }

            return branch is not null && !string.Equals(info.Branch, branch, StringComparison.Ordinal)
                ? WebhookResult.Ignored($"push to {info.Branch}; following {branch}, so no tick", info)
                : WebhookResult.Tick(info);
        }
    }

    private static PushInfo? HubPush(JsonElement root, string provider) =>
        String(root, "ref") is { } reference ? Info(provider, reference, String(root, "repository", "full_name")) : null;

    private static PushInfo? GitLabPush(JsonElement root, string provider) =>
        String(root, "ref") is { } reference ? Info(provider, reference, String(root, "project", "path_with_namespace")) : null;

    /// <summary>An Azure DevOps git.push can update several refs; the followed branch among them wins.</summary>
    private PushInfo? AzureDevOpsPush(JsonElement root, string provider)
    {
        if (String(root, "eventType") != "git.push"
            || !root.TryGetProperty("resource", out var resource) || resource.ValueKind != JsonValueKind.Object
            || !resource.TryGetProperty("refUpdates", out var updates) || updates.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var repository = String(resource, "repository", "name");
        var pushes = updates.EnumerateArray().Select(u => String(u, "name")).OfType<string>().Select(r => Info(provider, r, repository)).ToList();
        return pushes.FirstOrDefault(p => branch is not null && p.Branch == branch) ?? pushes.FirstOrDefault(p => p.Branch is not null) ?? pushes.FirstOrDefault();
    }

    private static PushInfo Info(string provider, string reference, string? repository)
    {
        const string heads = "refs/heads/";
        return new PushInfo(provider, reference, reference.StartsWith(heads, StringComparison.Ordinal) ? reference[heads.Length..] : null, repository);
    }

    private static string? String(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
