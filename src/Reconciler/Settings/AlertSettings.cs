namespace Reconciler.Settings;

internal sealed class AlertSettings
{
    /// <summary>A standing alert is sent again at most this often.</summary>
    public TimeSpan RenotifyInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Where alerts are delivered; with none, alerts are only logged.</summary>
    public List<AlertChannelOptions> Channels { get; set; } = [];
}
