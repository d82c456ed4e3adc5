using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>One place alerts go (a generic webhook, Slack, Teams, Alertmanager).</summary>
internal interface IAlertChannel
{
    /// <summary>The channel's name in logs and metrics; never its URL, which may be a secret.</summary>
    string Name { get; }

    /// <summary>Delivers one notification, once; the dispatcher retries.</summary>
    /// <exception cref="HttpRequestException">The receiver refused it or could not be reached.</exception>
    Task DeliverAsync(Alert alert, CancellationToken cancellationToken);
}
