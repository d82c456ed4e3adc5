using System.Text.RegularExpressions;
using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Spec.Schema;

namespace Reconciler.Validation;

/// <summary>Names are DNS-label-like and unique; hosts, VMs and pools compare without case, as Windows does.</summary>
internal static partial class NameRules
{
    public static void Check(ValidationContext context)
    {
        var spec = context.Spec;
        CheckEmpty(context, spec.Name, spec.Source, "cluster");
        foreach (var host in spec.Hosts)
        {
            CheckEmpty(context, host.Name, host.Source, "host");
        }

        foreach (var vm in spec.Vms)
        {
            CheckEmpty(context, vm.Name, vm.Source, "VM");
        }

        if (spec.Name.Length > 0 && !ClusterName().IsMatch(spec.Name))
        {
            context.Report(Codes.InvalidName, spec.Source["name"],
                $"cluster name '{spec.Name}' must be lower-case letters, digits and dashes, at most 63 characters, starting and ending with a letter or digit");
        }

        var hosts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var host in spec.Hosts.Where(h => h.Name.Length > 0))
        {
            if (!HostName().IsMatch(host.Name))
            {
                context.Report(Codes.InvalidName, host.Source["name"],
                    $"host name '{host.Name}' must be a DNS name: letters, digits, dashes and dots, starting and ending with a letter or digit");
            }

            if (!hosts.TryAdd(host.Name, host.Source["name"].Line))
            {
                context.Report(Codes.DuplicateHost, host.Source["name"],
                    $"host '{host.Name}' is declared twice (first at line {hosts[host.Name]}); merge the two entries");
            }
        }

        var vms = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in spec.Vms.Where(v => v.Name.Length > 0))
        {
            if (!ObjectName().IsMatch(vm.Name))
            {
                context.Report(Codes.InvalidName, vm.Source["name"],
                    $"VM name '{vm.Name}' must be 1-63 letters, digits, dashes, dots or underscores, starting and ending with a letter or digit");
            }

            if (!vms.TryAdd(vm.Name, vm.Source["name"].Line))
            {
                context.Report(Codes.DuplicateVm, vm.Source["name"],
                    $"VM '{vm.Name}' is declared twice (first at line {vms[vm.Name]}); a VM can appear once");
            }
        }

        CheckPools(context);
    }

    /// <summary>
    /// <c>name: ""</c> is written but names nothing. (A missing name is GR012, reported by the
    /// binder; the other name rules skip empty names so a missing one is not reported twice.)
    /// </summary>
    private static void CheckEmpty(ValidationContext context, string name, SourceMap source, string what)
    {
        if (name.Length == 0 && source.Has("name"))
        {
            context.Report(Codes.InvalidName, source["name"], $"{what} name is empty; give the {what} a name");
        }
    }

    private static void CheckPools(ValidationContext context)
    {
        var first = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var selector in context.Spec.Hosts.SelectMany(h => h.Gpus).Where(g => g.Pool is not null))
        {
            var pool = selector.Pool!;
            if (!ObjectName().IsMatch(pool))
            {
                context.Report(Codes.InvalidName, selector.Source["pool"],
                    $"pool name '{pool}' must be 1-63 letters, digits, dashes, dots or underscores");
            }

            if (first.TryGetValue(pool, out var seen) && seen != pool)
            {
                context.Report(Codes.PoolNameCase, selector.Source["pool"],
                    $"pool '{pool}' differs from pool '{seen}' only in case; Hyper-V treats them as one pool, so spell it '{seen}' everywhere");
            }
            else
            {
                first.TryAdd(pool, pool);
            }
        }
    }

    [GeneratedRegex(SpecSchema.ClusterNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex ClusterName();

    [GeneratedRegex(SpecSchema.HostNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex(SpecSchema.NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex ObjectName();
}
