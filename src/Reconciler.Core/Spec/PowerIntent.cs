namespace Reconciler.Spec;

public enum PowerIntent
{
    /// <summary>Keep whatever power state the VM had before a change (the default).</summary>
    Unmanaged,
    Running,
    Off,
}
