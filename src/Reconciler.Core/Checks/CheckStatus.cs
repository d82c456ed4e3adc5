namespace Reconciler.Checks;

/// <summary>The outcome of one preflight check (<c>reconciler check</c>).</summary>
public enum CheckStatus
{
    /// <summary>The check passed.</summary>
    Pass,

    /// <summary>It passed, with something an admin should know (an IP address where Kerberos wants a name).</summary>
    Warn,

    /// <summary>It failed: the result carries the one remedy. Any failure makes <c>check</c> exit 1.</summary>
    Fail,

    /// <summary>Not run: an earlier check of the host failed, or it does not apply (no failover cluster).</summary>
    Skip,
}
