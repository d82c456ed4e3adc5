using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Text;

namespace Reconciler.Validation;

/// <summary>Every VM names a declared host; only VMs taking GPUs from a pool may leave placement to the cluster.</summary>
internal static class VmHostRules
{
    public static void Check(ValidationContext context)
    {
        foreach (var vm in context.Spec.Vms)
        {
            if (vm.Host is null)
            {
                if (vm.Gpu is not DdaRequest { Pool: not null })
                {
                    context.Report(Codes.HostRequired, vm.Source.Location,
                        $"VM {vm.Name} needs host: the name of the host it lives on (only VMs taking GPUs from a pool may leave placement to the cluster)");
                }
            }
            else if (context.HostOf(vm) is null)
            {
                context.Report(Codes.UnknownHost, vm.Source["host"],
                    $"VM {vm.Name} is on host '{vm.Host}', which spec.hosts does not declare{DidYouMean.Hint(vm.Host, context.HostsByName.Keys)}");
            }
        }
    }
}
