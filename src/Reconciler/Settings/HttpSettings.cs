namespace Reconciler.Settings;

internal sealed class HttpSettings
{
    /// <summary>Address the API listens on.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8080";

    /// <summary>File with a bearer token that POST endpoints require; none = no token needed.</summary>
    public string? TokenFile { get; set; }

    /// <summary>File with the secret git forges sign push webhooks with; none = signatures not required.</summary>
    public string? WebhookSecretFile { get; set; }
}
