namespace Reconciler.Review;

/// <summary>How a cluster's spec changed between the base and head revisions.</summary>
public enum SpecChange
{
    Added,
    Changed,
    Removed,
}
