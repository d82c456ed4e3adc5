namespace Reconciler.Spec;

public enum PolicyMode
{
    /// <summary>Correct drift.</summary>
    Enforce,

    /// <summary>Report drift only.</summary>
    Alert,
}
