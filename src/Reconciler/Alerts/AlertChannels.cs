using Reconciler.Settings;

namespace Reconciler.Alerts;

/// <summary>Makes the configured channels, reading URL and secret files once at start-up.</summary>
internal static class AlertChannels
{
    public static IReadOnlyList<IAlertChannel> Create(AlertSettings settings, HttpClient http)
    {
        var channels = new List<IAlertChannel>();
        for (var i = 0; i < settings.Channels.Count; i++)
        {
            var channel = settings.Channels[i];
            var kind = channel.Kind.ToLowerInvariant();
            var name = string.IsNullOrWhiteSpace(channel.Name) ? $"{kind}-{i}" : channel.Name;
            var url = Url(channel, $"Reconciler:Alerts:Channels:{i}");
            channels.Add(kind switch
            {
                "webhook" => new WebhookChannel(name, http, url, SecretFile.Read(channel.SecretFile), channel.GeneratorUrl),
                "slack" => new SlackChannel(name, http, url, channel.GeneratorUrl),
                "teams" => new TeamsChannel(name, http, url, channel.GeneratorUrl),
                "alertmanager" => new AlertmanagerChannel(name, http, url, settings.RenotifyInterval, channel.GeneratorUrl),
                _ => throw new UsageException($"Reconciler:Alerts:Channels:{i}:Kind '{channel.Kind}' is not one of {string.Join(", ", AlertChannelOptions.Kinds)}"),
            });
        }

        return channels;
    }

    /// <summary>The settings validator checked Url; a URL from a file is checked here, and its content is never shown (it is a secret).</summary>
    private static Uri Url(AlertChannelOptions channel, string key)
    {
        var text = channel.Url ?? SecretFile.Read(channel.UrlFile)!;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new UsageException($"{key}:UrlFile: the file {channel.UrlFile} does not hold an http(s) URL; write only the URL into it");
    }
}
