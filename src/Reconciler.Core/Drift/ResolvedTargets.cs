namespace Reconciler.Drift;

/// <summary>The spec resolved against the cluster: a target per managed GPU and VM, and what cannot be resolved.</summary>
public sealed class ResolvedTargets
{
    private readonly Dictionary<(string Host, string Path), GpuTarget> _gpus = new(HostPath.Comparer);
    private readonly Dictionary<string, VmTarget> _vms = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<GpuTarget>> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public ResolvedTargets(IReadOnlyList<GpuTarget> gpus, IReadOnlyList<VmTarget> vms, IReadOnlyList<BlockedItem> blocked)
    {
        Gpus = gpus;
        Vms = vms;
        Blocked = blocked;
        foreach (var gpu in gpus)
        {
            _gpus.TryAdd((gpu.Host, gpu.Path), gpu); // the first target of a GPU wins
            if (!_byHost.TryGetValue(gpu.Host, out var onHost))
            {
                _byHost[gpu.Host] = onHost = [];
            }

            onHost.Add(gpu);
        }

        foreach (var vm in vms)
        {
            _vms.TryAdd(vm.Name, vm);
        }
    }

    public IReadOnlyList<GpuTarget> Gpus { get; }

    public IReadOnlyList<VmTarget> Vms { get; }

    public IReadOnlyList<BlockedItem> Blocked { get; }

    /// <summary>Listed VMs of a failover cluster that run away from their preferred owner, by name.</summary>
    public IReadOnlyList<FailedOverVm> FailedOver { get; init; } = [];

    /// <summary>Hosts of the spec the cluster reports down: nothing is planned on them.</summary>
    public IReadOnlySet<string> DownHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public GpuTarget? Gpu(string host, string? path) => path is null ? null : _gpus.GetValueOrDefault((host, path));

    public IEnumerable<GpuTarget> GpusOn(string host) => _byHost.TryGetValue(host, out var onHost) ? onHost : [];

    public VmTarget? Vm(string name) => _vms.GetValueOrDefault(name);

    internal static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
