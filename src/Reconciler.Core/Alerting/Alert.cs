namespace Reconciler.Alerting;

/// <summary>
/// One notification about one condition. <see cref="Fingerprint"/> is the identity channels
/// deduplicate on (Alertmanager's labels, the webhook's key), never the message text.
/// </summary>
/// <param name="Object">What drifted, e.g. <c>vm/vdi-01</c> or <c>host/hv-01/gpu/PCIROOT(0)#PCI(0200)#PCI(0000)</c>; the cluster for Stalled.</param>
/// <param name="Onset">When the condition was first seen; unchanged on re-notification and on resolve.</param>
/// <param name="At">When this notification was decided.</param>
/// <param name="Revision">The revision the cluster was meant to match (drift) or the rejected one (stalled).</param>
public sealed record Alert(
    AlertKind Kind,
    AlertState State,
    string Cluster,
    string Fingerprint,
    string Object,
    string? Field,
    string? Desired,
    string? Observed,
    string Message,
    DateTimeOffset Onset,
    DateTimeOffset At,
    string? Revision);
