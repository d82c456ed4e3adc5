namespace Reconciler.Drift;

/// <summary>The GPU resource a VM should hold.</summary>
public abstract record ResourceTarget
{
    public static ResourceTarget None { get; } = new NoResource();
}
