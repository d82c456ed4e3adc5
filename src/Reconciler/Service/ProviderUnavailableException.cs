namespace Reconciler.Service;

/// <summary>
/// No provider can serve a cluster (no world, bad Hyper-V settings): a person must act, so the
/// loop does not retry until a new revision or a sync request (Reason NoProvider).
/// </summary>
internal sealed class ProviderUnavailableException : Exception
{
    public ProviderUnavailableException()
    {
    }

    public ProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
