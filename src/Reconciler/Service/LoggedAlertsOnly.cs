using Reconciler.Alerting;

namespace Reconciler.Service;

/// <summary>With no alert channel configured, alerts are only the log lines the loop writes.</summary>
internal sealed class LoggedAlertsOnly : IAlertSink
{
    public void Send(Alert alert)
    {
    }
}
