using System.Globalization;
using System.Text.RegularExpressions;
using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>
/// NVIDIA vGPU compatibility (guest on the host's branch, or the host exactly one branch newer;
/// never the guest newer), and GPU-P guest operating systems.
/// </summary>
internal static partial class DriverRules
{
    public static void Check(ValidationContext context)
    {
        foreach (var vm in context.Spec.Vms)
        {
            if (vm.GuestDriver is { } guest && context.HostOf(vm)?.HostDriver is { } host && vm.Gpu is PartitionRequest)
            {
                CheckCompatibility(context, vm, guest, host);
            }

            if (vm.GuestOs is { } os && vm.Gpu is PartitionRequest && !IsSupportedGuest(context, os))
            {
                context.Report(Codes.GuestOsUnsupported, vm.Source["guestOs"],
                    $"guest OS '{os}' of VM {vm.Name} is not on the GPU partitioning support list (Windows 10 or later, Windows Server 2019 or later, Ubuntu 18.04, 20.04, 22.04); the partition may not work in it");
            }
        }
    }

    private static void CheckCompatibility(ValidationContext context, VmSpec vm, DriverVersion guest, DriverVersion host)
    {
        var at = vm.Source["drivers"];
        if (guest.Major > host.Major)
        {
            context.Report(Codes.GuestDriverNewer, at,
                $"VM {vm.Name}'s guest driver {guest} is from a newer branch than host {vm.Host}'s vGPU manager {host}; the vGPU fails to load. Use a guest driver of branch {host.Major}");
            return;
        }

        if (guest.Major == host.Major)
        {
            return;
        }

        var branches = context.Catalog.DriverBranches;
        var (g, h) = (IndexOf(branches, guest.Major), IndexOf(branches, host.Major));
        if (g < 0 || h < 0)
        {
            var unknown = g < 0 ? guest.Major : host.Major;
            context.Report(Codes.UnknownDriverBranch, at,
                $"driver branch {unknown} is not in the catalog (known: {string.Join(", ", branches)}), so compatibility of {guest} with {host} cannot be checked");
        }
        else if (h - g > 1)
        {
            context.Report(Codes.DriverBranchGap, at,
                $"VM {vm.Name}'s guest driver {guest} (branch {guest.Major}) is more than one branch behind host {vm.Host}'s vGPU manager {host}; use branch {branches[h - 1]} or {host.Major} in the guest");
        }
    }

    private static int IndexOf(IReadOnlyList<int> branches, int major)
    {
        for (var i = 0; i < branches.Count; i++)
        {
            if (branches[i] == major)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Matches free text like "Windows Server 2022", "Windows 11 Enterprise multi-session", "Ubuntu 22.04 LTS".</summary>
    public static bool IsSupportedGuest(ValidationContext context, string os)
    {
        foreach (var rule in context.Catalog.PartitionGuests)
        {
            var match = Regex.Match(os, $@"^\s*(?:Linux\s+)?{Regex.Escape(rule.Family).Replace("\\ ", "\\s+", StringComparison.Ordinal)}\s+(?<v>[0-9]+(\.[0-9]+)?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (!match.Success)
            {
                continue;
            }

            var version = match.Groups["v"].Value;
            if (rule.Versions.Count > 0 && rule.Versions.Contains(version))
            {
                return true;
            }

            if (rule.Minimum is { } minimum && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum)
            {
                return true;
            }
        }

        return false;
    }
}
