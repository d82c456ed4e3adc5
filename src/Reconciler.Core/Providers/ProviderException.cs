namespace Reconciler.Providers;

/// <summary>A failed provider call, with the platform's own message and, where it has one, its code.</summary>
public sealed class ProviderException : Exception
{
    public ProviderException(ProviderErrorKind kind, string message, string? code = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Code = code;
    }

    public ProviderException()
        : this(ProviderErrorKind.Permanent, "provider call failed")
    {
    }

    public ProviderException(string message)
        : this(ProviderErrorKind.Permanent, message)
    {
    }

    public ProviderException(string message, Exception inner)
        : this(ProviderErrorKind.Permanent, message, null, inner)
    {
    }

    public ProviderErrorKind Kind { get; }

    /// <summary>A platform code such as a WMI return value or a WS-Man fault, or a simulator rule name.</summary>
    public string? Code { get; }

    public bool IsTransient => Kind == ProviderErrorKind.Transient;
}
