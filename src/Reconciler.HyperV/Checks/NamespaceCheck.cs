using Reconciler.Checks;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Checks;

/// <summary>
/// Access to one WMI namespace the provider uses: the cheap query that proves it, and what a
/// refusal means. An account may log on to WinRM and still be refused a namespace
/// (<c>w:AccessDenied</c>, code 5, with WMI's 0x80041003 inside: wsman.md §3.2).
/// </summary>
public sealed record NamespaceCheck(string Id, string Namespace, string ClassName, string DeniedRemedy, string MissingRemedy, bool Optional)
{
    /// <summary>The three namespaces, in the order they are checked.</summary>
    public static readonly IReadOnlyList<NamespaceCheck> All =
    [
        new("namespace.virtualization", WsManNames.Virtualization, "Msvm_VirtualSystemManagementService",
            "add the account to the host's Hyper-V Administrators group (and Remote Management Users), or use a local Administrators account",
            "install the Hyper-V role (Install-WindowsFeature Hyper-V -IncludeManagementTools)", Optional: false),
        new("namespace.cimv2", WsManNames.Cimv2, "Win32_VideoController",
            "grant the account Remote Enable on root\\cimv2 (wmimgmt.msc, WMI Control, Security), or add it to Administrators",
            "the WMI repository is damaged: winmgmt /verifyrepository on the host", Optional: false),
        new("namespace.cluster", WsManNames.Cluster, "MSCluster_Resource",
            "grant the account access to the failover cluster: Grant-ClusterAccess -User <account> -Full (on any node)",
            "", Optional: true),
    ];

    public string Title => $"access to {Namespace.Replace('/', '\\')}";

    public string Query => $"SELECT * FROM {ClassName}";

    public CheckResult Passed(int count) => CheckResult.Pass(Id, Title, Optional ? $"failover cluster node ({count} resources)" : "granted");

    public CheckResult Failed(WsManException error)
    {
        if (IsDenied(error))
        {
            return CheckResult.Fail(Id, Title, $"access denied ({error.CodeText})", DeniedRemedy);
        }

        if (error.Code == FaultCodes.CannotProcessFilter || error.IsNotFound)
        {
            // No root\MSCluster: a standalone host, which is fine; no Hyper-V namespace is not.
            return Optional
                ? CheckResult.Skip(Id, Title, "no failover cluster namespace: a standalone host")
                : CheckResult.Fail(Id, Title, $"namespace or class missing ({error.CodeText})", MissingRemedy);
        }

        return CheckResult.Fail(Id, Title, $"{error.Message} ({error.CodeText})", "see docs/hyperv.md troubleshooting for this code");
    }

    /// <summary>WinRM's access-denied subcode, its code 5, or WMI's WBEM_E_ACCESS_DENIED.</summary>
    public static bool IsDenied(WsManException error) =>
        error.Code is FaultCodes.AccessDenied or WmiAccessDenied || (error.Subcode?.EndsWith("AccessDenied", StringComparison.Ordinal) ?? false);

    /// <summary>WBEM_E_ACCESS_DENIED (Microsoft Learn, WMI Error Constants).</summary>
    public const long WmiAccessDenied = 0x80041003;
}
