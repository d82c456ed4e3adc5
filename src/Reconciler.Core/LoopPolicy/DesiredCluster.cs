using Reconciler.Reconciliation;

namespace Reconciler.LoopPolicy;

/// <summary>A cluster's last good spec, with the file that defined it (to know what a broken file stalls next time).</summary>
public sealed record DesiredCluster(DesiredRevision Desired, string File)
{
    public string Name => Desired.Spec.Name;
}
