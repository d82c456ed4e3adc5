using Reconciler.Alerting;

namespace Reconciler.Service;

/// <summary>Takes alerts for delivery without ever blocking the loop.</summary>
internal interface IAlertSink
{
    void Send(Alert alert);
}
