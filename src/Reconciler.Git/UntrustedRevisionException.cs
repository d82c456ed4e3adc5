namespace Reconciler.Git;

/// <summary>The newest revision is unsigned or signed by nobody trusted; it must not be applied.</summary>
public sealed class UntrustedRevisionException : Exception
{
    public UntrustedRevisionException()
    {
    }

    public UntrustedRevisionException(string message)
        : base(message)
    {
    }

    public UntrustedRevisionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Revision? Revision { get; init; }
}
