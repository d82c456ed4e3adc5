using Reconciler.Diagnostics;
using Reconciler.Spec.Schema;
using Reconciler.Yaml;

namespace Reconciler.Spec.Binding;

/// <summary>
/// Turns a GpuCluster YAML tree into a <see cref="ClusterSpec"/>. Shape rules that only need one
/// object (required keys, types, which fields fit together) are checked here; rules across
/// objects live in the validator. Binding never stops early: it reports every problem it sees.
/// </summary>
internal static class ClusterSpecBinder
{
    public static ClusterSpec? Bind(MapReader document)
    {
        var metadata = document.Object("metadata");
        var body = document.Object("spec");
        if (metadata is null || body is null)
        {
            return null;
        }

        var name = metadata.String("name") ?? "";
        var policy = body.Object("policy") is { } p ? BindPolicy(p) : ClusterPolicy.Default;
        var hosts = BindList(body, "hosts", "hosts", SpecSchema.Host, BindHost);
        var vms = BindList(body, "vms", "vms", SpecSchema.Vm, BindVm);
        var fields = new Dictionary<string, SourceLocation>
        {
            ["hosts"] = body.At("hosts"),
            ["vms"] = body.At("vms"),
            ["failoverCluster"] = body.At("failoverCluster"),
            ["policy"] = body.At("policy"),
        };
        if (metadata.Has("name"))
        {
            fields["name"] = metadata.At("name"); // only when written, so rules can tell "" from missing
        }

        var source = new SourceMap(document.Location, fields);
        return new ClusterSpec(name, body.Boolean("failoverCluster") ?? false, policy, hosts, vms, source);
    }

    /// <summary>
    /// Binds each mapping of the list at <paramref name="key"/>, in order, skipping items that are
    /// not mappings (reported) and those <paramref name="bind"/> gives up on. A loop rather than
    /// LINQ: the fleet spec has 64,000 VMs, and every enumerator and copy of the list is garbage.
    /// </summary>
    private static ValueList<T> BindList<T>(MapReader parent, string key, string path, SchemaObject schema, Func<MapReader, T?> bind)
        where T : class
    {
        var items = parent.Items(key);
        var bound = new T[items.Count];
        var count = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (parent.Item(items[i], schema, path, i) is { } reader && bind(reader) is { } value)
            {
                bound[count++] = value;
            }
        }

        if (count < bound.Length)
        {
            Array.Resize(ref bound, count);
        }

        return ValueList<T>.Of(bound);
    }

    private static ClusterPolicy BindPolicy(MapReader policy)
    {
        var shutdown = policy.Object("shutdown") is { } s
            ? new ShutdownPolicy(
                s.Duration("timeout") ?? ShutdownPolicy.Default.Timeout,
                s.Enum<ShutdownTimeoutAction>("onTimeout") ?? ShutdownTimeoutAction.TurnOff,
                s.Source())
            : ShutdownPolicy.Default;
        var health = policy.Object("health") is { } h
            ? new HealthPolicy(h.Duration("timeout") ?? HealthPolicy.Default.Timeout, h.Source())
            : HealthPolicy.Default;
        var windows = BindList(policy, "windows", "policy.windows", SpecSchema.Window, WindowBinder.Bind);
        return new ClusterPolicy(
            policy.Enum<PolicyMode>("mode") ?? PolicyMode.Enforce,
            policy.Boolean("prune") ?? false,
            MaxUnavailableBinder.Bind(policy) ?? MaxUnavailable.One,
            shutdown,
            windows,
            policy.Source())
        {
            Failback = policy.Enum<FailbackPolicy>("failback") ?? FailbackPolicy.Window,
            Health = health,
        };
    }

    private static HostSpec BindHost(MapReader host)
    {
        var name = host.String("name") ?? "";
        var gpus = BindList(host, "gpus", $"hosts[{name}].gpus", SpecSchema.GpuSelector, BindSelector);
        var driver = host.Object("drivers") is { } d ? Driver(d, "host") : null;
        return new HostSpec(name, gpus, driver, host.Source()) { Drain = host.Boolean("drain") ?? false };
    }

    private static GpuSelector BindSelector(MapReader gpu)
    {
        var written = gpu.Enum<GpuMode>("mode");
        var mode = written ?? (gpu.Has("pool") ? GpuMode.Dda : GpuMode.Partitioned);
        if (!gpu.Has("model") && !gpu.Has("locationPath"))
        {
            gpu.Diagnostics.Add(Codes.SelectorEmpty, gpu.Location,
                $"{gpu.Path} selects no GPU; give a model (every GPU of that model) or a locationPath (one GPU)");
        }

        if (written is null && gpu.Has("mode"))
        {
            // A misspelt mode (reported above as GR016) says nothing about which fields fit; guess
            // from the fields so later rules do not pile up findings about a mode nobody wrote.
            mode = gpu.Has("partitionCount") && !gpu.Has("pool") ? GpuMode.Partitioned : GpuMode.Dda;
        }
        else if (mode == GpuMode.Partitioned && !gpu.Has("partitionCount") && !gpu.Has("mode"))
        {
            gpu.Diagnostics.Add(Codes.ModeFields, gpu.Location,
                $"{gpu.Path} does not say what the GPUs should be; add partitionCount: N to partition them, or mode: dda to pass them through");
        }
        else if (mode == GpuMode.Partitioned && !gpu.Has("partitionCount"))
        {
            gpu.Report(Codes.ModeFields, "mode", $"{gpu.Path} is partitioned but has no partitionCount; add partitionCount: N");
        }

        if (mode == GpuMode.Dda && gpu.Has("partitionCount"))
        {
            gpu.Report(Codes.ModeFields, "partitionCount", $"{gpu.Path} is a DDA GPU, which is passed through whole; remove partitionCount or set mode: partitioned");
        }

        if (mode == GpuMode.Partitioned && gpu.Has("pool"))
        {
            gpu.Report(Codes.ModeFields, "pool", $"{gpu.Path}: GPU pools hold DDA GPUs only; set mode: dda or remove pool");
        }

        return new GpuSelector(
            gpu.String("model"),
            gpu.String("locationPath"),
            gpu.Int32("count"),
            mode,
            gpu.Int32("partitionCount"),
            gpu.String("pool"),
            gpu.Source());
    }

    private static VmSpec BindVm(MapReader vm)
    {
        var gpu = vm.Object("gpu") is { } g ? BindGpuRequest(g) : null;
        var driver = vm.Object("drivers") is { } d ? Driver(d, "guest") : null;
        var mmio = vm.Object("mmio") is { } m ? new MmioSpace(m.Size("low"), m.Size("high"), m.Source()) : null;
        return new VmSpec(
            vm.String("name") ?? "",
            vm.String("host"),
            gpu,
            mmio,
            vm.Enum<PowerIntent>("power") ?? PowerIntent.Unmanaged,
            vm.Enum<OfflineAction>("offlineAction"),
            vm.String("guestOs"),
            driver,
            vm.Source());
    }

    private static GpuRequest? BindGpuRequest(MapReader gpu)
    {
        var partition = gpu.Object("partition");
        var dda = gpu.Object("dda");
        if (partition is not null && dda is not null)
        {
            gpu.Report(Codes.TwoGpuResources, "dda",
                "a VM holds one GPU resource: a partition or DDA GPUs, not both; remove one of them");
        }
        else if (partition is null && dda is null && !gpu.Has("partition") && !gpu.Has("dda"))
        {
            gpu.Diagnostics.Add(Codes.Required, gpu.Location,
                "gpu needs partition: {} (a GPU partition) or dda: {...} (whole GPUs); remove gpu for a VM without one");
        }

        if (partition is not null)
        {
            return PartitionBinder.Bind(partition);
        }

        if (dda is null)
        {
            return null;
        }

        if (dda.Has("locationPath") == dda.Has("pool"))
        {
            dda.Diagnostics.Add(Codes.ModeFields, dda.Location,
                "dda needs exactly one of locationPath (one GPU of the host) or pool (GPUs placed by the cluster)");
        }
        else if (dda.Has("locationPath") && dda.Has("count"))
        {
            dda.Report(Codes.ModeFields, "count", "count applies to pool requests; a locationPath names exactly one GPU");
        }

        return new DdaRequest(dda.String("locationPath"), dda.String("pool"), dda.Int32("count") ?? 1, dda.Source());
    }

    private static DriverVersion? Driver(MapReader drivers, string key)
    {
        var text = drivers.String(key);
        if (text is null)
        {
            return null;
        }

        if (DriverVersion.TryParse(text, out var version))
        {
            return version;
        }

        drivers.Report(Codes.DriverVersion, key, $"driver version '{text}' is not like 580.86 or 580.65.06; write the version nvidia-smi prints");
        return null;
    }
}
