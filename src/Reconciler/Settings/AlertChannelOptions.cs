namespace Reconciler.Settings;

/// <summary>
/// One place alerts are delivered to (configuration key Reconciler:Alerts:Channels:N).
/// Secrets (a Slack or Teams webhook URL, the HMAC key of a generic webhook) are file paths,
/// so they come from mounted secrets and never sit in a settings file or a log line.
/// </summary>
internal sealed class AlertChannelOptions
{
    public static readonly string[] Kinds = ["webhook", "slack", "teams", "alertmanager"];

    /// <summary>webhook (generic JSON, HMAC-signed when SecretFile is set), slack, teams or alertmanager.</summary>
    public string Kind { get; set; } = "";

    /// <summary>A name for logs and metrics; defaults to the kind and position.</summary>
    public string? Name { get; set; }

    /// <summary>Where to post. For alertmanager, the Alertmanager base URL.</summary>
    public string? Url { get; set; }

    /// <summary>A file holding the URL, for URLs that are themselves secrets (Slack, Teams).</summary>
    public string? UrlFile { get; set; }

    /// <summary>A file holding the HMAC-SHA256 key that signs generic webhook bodies.</summary>
    public string? SecretFile { get; set; }

    /// <summary>A link back to the service (the status page) placed in alerts that support one.</summary>
    public string? GeneratorUrl { get; set; }

    /// <summary>Every problem with this channel's settings, each naming its configuration key.</summary>
    public IEnumerable<string> Validate(string key)
    {
        if (!Kinds.Contains(Kind, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{key}:Kind '{Kind}' is not one of {string.Join(", ", Kinds)}";
        }

        if ((Url is null) == (UrlFile is null))
        {
            yield return $"{key} must set exactly one of Url or UrlFile (a file holding the URL)";
        }
        else if (Url is not null && !IsHttpUrl(Url))
        {
            yield return $"{key}:Url is not an http(s) URL; write it like https://alerts.example.com/hook";
        }

        if (UrlFile is not null && !File.Exists(UrlFile))
        {
            yield return $"{key}:UrlFile: file {UrlFile} does not exist";
        }

        if (SecretFile is not null && !File.Exists(SecretFile))
        {
            yield return $"{key}:SecretFile: file {SecretFile} does not exist";
        }

        if (SecretFile is not null && !string.Equals(Kind, "webhook", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{key}:SecretFile signs generic webhook bodies only; remove it or set Kind to webhook";
        }
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
