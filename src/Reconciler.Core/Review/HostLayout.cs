using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Review;

public sealed record HostLayout(string Name, ValueList<GpuLayout> Gpus, ValueList<VmLayout> Vms)
{
    public static HostLayout Of(ObservedCluster cluster, ObservedHost host)
    {
        var gpus = host.Gpus.Select((g, i) => GpuLayout.Of(cluster, host, g, i + 1)).ToValueList();
        var vms = host.Vms.Select(v => VmLayout.Of(v, gpus)).ToValueList();
        return new HostLayout(host.Name, gpus, vms);
    }

    public GpuLayout? Gpu(string path) => Gpus.FirstOrDefault(g => string.Equals(g.Path, path, StringComparison.OrdinalIgnoreCase));

    public VmLayout? Vm(string name) => Vms.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
