using System.Security.Cryptography;
using System.Text;
using Reconciler.Webhooks;

namespace Reconciler.Tests.Webhooks;

/// <summary>Every forge: a good proof is accepted, a wrong or missing one refused, other branches and pings do not tick.</summary>
public sealed class GitWebhookReceiverTests
{
    private const string Secret = "hook-secret";
    private const string Branch = "main";

    public enum Proof
    {
        Good,
        Wrong,
        Missing,
    }

    private static string Hmac(string key, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    private static string Basic(string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"azure:{password}"));

    /// <summary>A push of <paramref name="branch"/> as each forge sends it.</summary>
    private static string PushBody(string provider, string branch) => provider switch
    {
        "github" or "gitea" => $$$"""{"ref":"refs/heads/{{{branch}}}","after":"abc","repository":{"full_name":"ops/gpu-specs"}}""",
        "gitlab" => $$$"""{"object_kind":"push","ref":"refs/heads/{{{branch}}}","project":{"path_with_namespace":"ops/gpu-specs"}}""",
        _ => $$$$"""{"eventType":"git.push","resource":{"refUpdates":[{"name":"refs/heads/{{{{branch}}}}"}],"repository":{"name":"gpu-specs"}}}""",
    };

    /// <summary>The headers a forge sends with <paramref name="body"/>, its proof made with <paramref name="key"/> (or left out).</summary>
    private static Dictionary<string, string> Headers(string provider, string @event, byte[] body, Proof proof)
    {
        var key = proof == Proof.Wrong ? "not-the-secret" : Secret;
        var headers = new Dictionary<string, string>();
        switch (provider)
        {
            case "github":
                headers["X-GitHub-Event"] = @event;
                if (proof != Proof.Missing)
                {
                    headers["X-Hub-Signature-256"] = "sha256=" + Hmac(key, body);
                }

                break;
            case "gitea":
                // Gitea sends GitHub's event header too, but signs only in its own (without "sha256=").
                headers["X-Gitea-Event"] = @event;
                headers["X-GitHub-Event"] = @event;
                if (proof != Proof.Missing)
                {
                    headers["X-Gitea-Signature"] = Hmac(key, body);
                }

                break;
            case "gitlab":
                headers["X-Gitlab-Event"] = @event;
                if (proof != Proof.Missing)
                {
                    headers["X-Gitlab-Token"] = key;
                }

                break;
            default:
                if (proof != Proof.Missing)
                {
                    headers["Authorization"] = Basic(key);
                }

                break;
        }

        return headers;
    }

    private static string PushEvent(string provider) => provider switch
    {
        "gitlab" => "Push Hook",
        "azure-devops" => "",
        _ => "push",
    };

    public static TheoryData<string> Providers => new() { "github", "gitea", "gitlab", "azure-devops" };

    private static WebhookResult Receive(string provider, string branch, Proof proof, string? secret = Secret)
    {
        var body = Encoding.UTF8.GetBytes(PushBody(provider, branch));
        return new GitWebhookReceiver(secret, Branch).Receive(Headers(provider, PushEvent(provider), body, proof), body);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Receive_PushToTheFollowedBranchWithTheRightProof_Ticks(string provider)
    {
        var result = Receive(provider, Branch, Proof.Good);

        Assert.Equal(202, result.StatusCode);
        Assert.True(result.ShouldTick, result.Reason);
        Assert.Equal((provider, "refs/heads/main", "main"), (result.Push!.Provider, result.Push.Ref, result.Push.Branch));
        Assert.EndsWith("gpu-specs", result.Push.Repository, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Receive_WrongProof_IsRefused(string provider)
    {
        var result = Receive(provider, Branch, Proof.Wrong);

        Assert.Equal(401, result.StatusCode);
        Assert.False(result.ShouldTick);
        Assert.DoesNotContain(Secret, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Receive_NoProof_IsRefused(string provider)
    {
        var result = Receive(provider, Branch, Proof.Missing);

        Assert.Equal(401, result.StatusCode);
        Assert.False(result.ShouldTick);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Receive_PushToAnotherBranch_IsAcknowledgedWithoutATick(string provider)
    {
        var result = Receive(provider, "feature/x", Proof.Good);

        Assert.Equal(202, result.StatusCode);
        Assert.False(result.ShouldTick);
        Assert.Equal("feature/x", result.Push!.Branch);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Receive_NoSecretConfigured_AcceptsAnUnsignedPush(string provider)
    {
        var result = Receive(provider, Branch, Proof.Missing, secret: null);

        Assert.True(result.ShouldTick, result.Reason);
    }

    [Theory]
    [InlineData("github", "ping")]
    [InlineData("gitea", "create")]
    [InlineData("gitlab", "Merge Request Hook")]
    public void Receive_NonPushEventWithTheRightProof_IsIgnored(string provider, string @event)
    {
        var body = Encoding.UTF8.GetBytes("""{"zen":"Design for failure.","hook_id":1}""");

        var result = new GitWebhookReceiver(Secret, Branch).Receive(Headers(provider, @event, body, Proof.Good), body);

        Assert.Equal(202, result.StatusCode);
        Assert.False(result.ShouldTick);
        Assert.Contains(@event, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_GitHubSignedPushWithoutEventHeader_IsCheckedAsGitHubAndTicks()
    {
        var body = Encoding.UTF8.GetBytes(PushBody("github", Branch));
        var headers = Headers("github", "push", body, Proof.Good);
        headers.Remove("X-GitHub-Event");

        var result = new GitWebhookReceiver(Secret, Branch).Receive(headers, body);

        Assert.True(result.ShouldTick, result.Reason);
        Assert.Equal("github", result.Push!.Provider);
    }

    [Fact]
    public void Receive_GitHubSignatureWrongWithoutEventHeader_IsRefusedNamingGitHubsHeader()
    {
        var body = Encoding.UTF8.GetBytes(PushBody("github", Branch));
        var headers = Headers("github", "push", body, Proof.Wrong);
        headers.Remove("X-GitHub-Event");

        var result = new GitWebhookReceiver(Secret, Branch).Receive(headers, body);

        Assert.Equal(401, result.StatusCode);
        Assert.Contains("X-Hub-Signature-256", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Receive_PingWithAWrongSignature_IsRefusedBeforeBeingIgnored()
    {
        var body = Encoding.UTF8.GetBytes("""{"zen":"x"}""");

        var result = new GitWebhookReceiver(Secret, Branch).Receive(Headers("github", "ping", body, Proof.Wrong), body);

        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public void Receive_AzureDevOpsEventOtherThanPush_IsIgnored()
    {
        var body = Encoding.UTF8.GetBytes("""{"eventType":"git.pullrequest.created","resource":{}}""");

        var result = new GitWebhookReceiver(Secret, Branch).Receive(Headers("azure-devops", "", body, Proof.Good), body);

        Assert.Equal((202, false), (result.StatusCode, result.ShouldTick));
    }

    [Fact]
    public void Receive_SignedButMalformedJson_IsABadRequest()
    {
        var body = Encoding.UTF8.GetBytes("""{"ref": "refs/heads/main",""");

        var result = new GitWebhookReceiver(Secret, Branch).Receive(Headers("github", "push", body, Proof.Good), body);

        Assert.Equal(400, result.StatusCode);
        Assert.False(result.ShouldTick);
    }

    [Fact]
    public void Receive_BodyChangedAfterSigning_IsRefused()
    {
        var signed = Encoding.UTF8.GetBytes(PushBody("github", "feature/x"));
        var sent = Encoding.UTF8.GetBytes(PushBody("github", Branch));

        var result = new GitWebhookReceiver(Secret, Branch).Receive(Headers("github", "push", signed, Proof.Good), sent);

        Assert.Equal(401, result.StatusCode);
    }

    [Fact]
    public void Receive_SignatureNotHex_IsRefusedNotAnError()
    {
        var body = Encoding.UTF8.GetBytes(PushBody("github", Branch));
        var headers = new Dictionary<string, string> { ["X-GitHub-Event"] = "push", ["X-Hub-Signature-256"] = "sha256=zz-not-hex" };

        Assert.Equal(401, new GitWebhookReceiver(Secret, Branch).Receive(headers, body).StatusCode);
    }

    [Fact]
    public void Receive_TagPush_DoesNotTick()
    {
        var body = Encoding.UTF8.GetBytes("""{"ref":"refs/tags/v1","repository":{"full_name":"ops/gpu-specs"}}""");

        var result = new GitWebhookReceiver(null, Branch).Receive(new Dictionary<string, string> { ["X-GitHub-Event"] = "push" }, body);

        Assert.Equal((202, false), (result.StatusCode, result.ShouldTick));
    }

    [Fact]
    public void Receive_NoBranchFollowed_EveryBranchPushTicks()
    {
        var body = Encoding.UTF8.GetBytes(PushBody("gitlab", "release"));

        var result = new GitWebhookReceiver(null, branch: null).Receive(new Dictionary<string, string> { ["X-Gitlab-Event"] = "Push Hook" }, body);

        Assert.True(result.ShouldTick);
    }

    [Fact]
    public void Receive_UnknownSenderWithoutSecret_IsABadRequest()
    {
        var body = Encoding.UTF8.GetBytes("""{"hello":"world"}""");

        var result = new GitWebhookReceiver(null, Branch).Receive([], body);

        Assert.Equal(400, result.StatusCode);
    }
}
