using System.Globalization;
using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Observed;
using Reconciler.Simulation.State;
using Reconciler.Spec;
using Reconciler.Spec.Binding;
using Reconciler.Yaml;

namespace Reconciler.Simulation.World;

/// <summary>Reads a SimulatedCluster world file into the initial <see cref="SimState"/>, with file:line:column errors.</summary>
public static class WorldReader
{
    public static (SimState? State, IReadOnlyList<Diagnostic> Diagnostics) Read(string path, string text, GpuCatalog catalog)
    {
        var diagnostics = new DiagnosticBag();
        var documents = YamlTreeReader.Read(path, text, diagnostics);
        var root = documents.Select(d => d.Root).OfType<MappingNode>().FirstOrDefault(IsWorld);
        if (root is null)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Add(Codes.Kind, new SourceLocation(path, 1, 1), $"no document of kind {WorldSchema.Kind} in this file");
            }

            return (null, diagnostics.Items);
        }

        var document = new MapReader(root, WorldSchema.Document, diagnostics, "");
        var body = document.Object("spec");
        var state = new SimState
        {
            Name = document.Object("metadata")?.String("name") ?? "",
            FailoverCluster = body?.Boolean("failoverCluster") ?? false,
        };
        if (body is not null)
        {
            foreach (var (item, index) in body.List("hosts"))
            {
                if (body.Item(item, WorldSchema.Host, $"hosts[{index}]") is { } host)
                {
                    state.Hosts.Add(ReadHost(host, catalog));
                }
            }

            foreach (var (item, index) in body.List("pools"))
            {
                if (body.Item(item, WorldSchema.PoolDef, $"pools[{index}]") is { } pool)
                {
                    state.Pools.Add(ReadPool(pool, state));
                }
            }

            if (body.Object("behaviour") is { } behaviour)
            {
                state.Behaviour = ReadBehaviour(behaviour, state);
            }
        }

        return (diagnostics.HasErrors ? null : state, diagnostics.Items);
    }

    private static bool IsWorld(MappingNode root) =>
        root.Entries.Any(e => e.Key.Value == "kind" && e.Value is ScalarNode { Value: WorldSchema.Kind });

    private static SimHost ReadHost(MapReader host, GpuCatalog catalog)
    {
        var result = new SimHost { Name = host.String("name") ?? "", Driver = host.Object("drivers")?.String("host") };
        result.State = host.String("state") switch
        {
            "down" => HostState.Down,
            "paused" => HostState.Paused,
            _ => HostState.Up,
        };
        foreach (var (item, index) in host.List("gpus"))
        {
            if (host.Item(item, WorldSchema.Gpu, $"{host.Path}.gpus[{index}]") is { } gpu && ReadGpu(gpu, catalog) is { } read)
            {
                result.Gpus.Add(read);
            }
        }

        foreach (var (item, index) in host.List("vms"))
        {
            if (host.Item(item, WorldSchema.Vm, $"{host.Path}.vms[{index}]") is { } vm)
            {
                result.Vms.Add(ReadVm(vm));
            }
        }

        return result;
    }

    private static SimGpu? ReadGpu(MapReader gpu, GpuCatalog catalog)
    {
        var modelName = gpu.String("model") ?? "";
        if (catalog.Find(modelName) is not { } model)
        {
            gpu.Report(Codes.UnknownModel, "model", $"GPU model '{modelName}' is not in the catalog (known: {string.Join(", ", catalog.ModelNames)})");
            return null;
        }

        var status = (gpu.String("mode") ?? "partitioned") switch
        {
            "dda" => GpuStatus.Dismounted,
            "paravirtualization" => GpuStatus.Paravirtualization,
            "notAssignable" => GpuStatus.NotAssignable,
            _ => model.SupportsPartitioning ? GpuStatus.Partitioned : GpuStatus.NotAssignable,
        };
        var count = (int?)gpu.Integer("partitionCount") ?? 1;
        if (status == GpuStatus.Partitioned && !model.ValidPartitionCounts.Contains(count))
        {
            gpu.Report(Codes.InvalidPartitionCount, "partitionCount", $"partitionCount {count} is not valid for {model.Name} (valid: {model.ValidCountsText})");
        }

        return new SimGpu
        {
            LocationPath = gpu.String("locationPath") ?? "",
            Model = model.Name,
            Status = status,
            PartitionCount = count,
            ValidPartitionCounts = [.. model.ValidPartitionCounts],
            VramBytes = model.VramPerGpu.Bytes,

            // Encode/decode in 540p60 blocks and compute in FP16 GFLOPS-like units: plausible, not vendor figures.
            Encode = 32,
            Decode = 32,
            Compute = 1000,
        };
    }

    private static SimVm ReadVm(MapReader vm)
    {
        var result = new SimVm { Name = vm.String("name") ?? "" };
        if (vm.String("state") is { } state && Enum.TryParse<VmPowerState>(state, ignoreCase: true, out var power))
        {
            result.State = power;
        }

        if (vm.Object("gpuPartition") is { } partition)
        {
            result.Adapter = new SimAdapter { PinnedGpu = partition.String("gpu") };
        }

        if (vm.String("ddaDevice") is { } path)
        {
            result.DdaDevices.Add(new SimDdaDevice { LocationPath = path });
        }

        if (vm.Object("ddaPool") is { } pool)
        {
            for (var i = 0; i < ((int?)pool.Integer("count") ?? 1); i++)
            {
                result.DdaDevices.Add(new SimDdaDevice { Pool = pool.String("pool") });
            }
        }

        if (vm.Object("mmio") is { } mmio)
        {
            result.MmioLowBytes = mmio.Size("low")?.Bytes ?? result.MmioLowBytes;
            result.MmioHighBytes = mmio.Size("high")?.Bytes ?? result.MmioHighBytes;
        }

        if (vm.String("automaticStopAction") is { } stop && Enum.TryParse<AutomaticStopAction>(stop, ignoreCase: true, out var action))
        {
            result.StopAction = action;
        }

        result.OfflineAction = vm.Enum<OfflineAction>("offlineAction");
        if (vm.Object("failedOver") is { } failedOver)
        {
            result.FailedOverFrom = failedOver.String("from");
            if (failedOver.String("since") is { } since)
            {
                if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    result.FailedOverAt = at;
                }
                else
                {
                    failedOver.Report(Codes.OutOfRange, "since", $"since '{since}' is not a time; write it like 2026-12-05T03:10:00Z");
                }
            }
        }

        return result;
    }

    private static SimPool ReadPool(MapReader pool, SimState state)
    {
        var result = new SimPool { Name = pool.String("name") ?? "", Hosts = [.. state.Hosts.Select(h => h.Name)] };
        foreach (var (item, _) in pool.List("members"))
        {
            var text = (item as ScalarNode)?.Value ?? "";
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || state.Host(text[..slash])?.Gpu(text[(slash + 1)..]) is null)
            {
                pool.Diagnostics.Add(Codes.UnknownPool, item.Location, $"pool member '{text}' is not host/locationPath of a GPU in this world");
                continue;
            }

            result.Members.Add(new PoolMember(state.Host(text[..slash])!.Name, text[(slash + 1)..]));
        }

        return result;
    }

    private static SimBehaviour ReadBehaviour(MapReader behaviour, SimState state)
    {
        var result = new SimBehaviour();
        if (behaviour.Object("latency") is { } latency)
        {
            result.ShutdownLatency = latency.Duration("shutdown") ?? TimeSpan.Zero;
            result.TurnOffLatency = latency.Duration("turnOff") ?? TimeSpan.Zero;
            result.StartLatency = latency.Duration("start") ?? TimeSpan.Zero;
            result.ReconfigureLatency = latency.Duration("reconfigure") ?? TimeSpan.Zero;
        }

        result.TimeScale = Fraction(behaviour, "timeScale", max: 1000) ?? 1;
        if (behaviour.Object("faults") is { } faults)
        {
            result.TransientFaultRate = Fraction(faults, "transientRate", max: 1) ?? 0;
            result.Seed = (int?)faults.Integer("seed") ?? 1;
        }

        if (behaviour.Object("guests") is { } guests)
        {
            result.IgnoreShutdownRate = Fraction(guests, "ignoreShutdownRate", max: 1) ?? 0;
            result.GuestBoot = guests.Duration("boot") ?? TimeSpan.Zero;
            foreach (var (item, _) in guests.List("neverHealthy"))
            {
                var name = (item as ScalarNode)?.Value ?? "";
                if (!state.Vms.Any(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)))
                {
                    guests.Diagnostics.Add(Codes.OutOfRange, item.Location, $"neverHealthy names '{name}', which is no VM of this world");
                    continue;
                }

                result.NeverHealthy.Add(name);
            }
        }

        return result;
    }

    private static double? Fraction(MapReader reader, string key, double max)
    {
        var text = reader.String(key);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max)
        {
            return value;
        }

        reader.Report(Codes.OutOfRange, key, $"{key} '{text}' must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}");
        return null;
    }
}
