namespace Reconciler.Providers;

/// <summary>Why a provider call failed, in the terms the executor acts on.</summary>
public enum ProviderErrorKind
{
    /// <summary>May succeed if tried again: a timeout, a busy host, a lost connection.</summary>
    Transient,

    /// <summary>Will fail again the same way: a platform rule was broken or an object is missing.</summary>
    Permanent,

    /// <summary>The guest did not shut down in time; the caller decides between turning off and giving up.</summary>
    ShutdownTimedOut,
}
