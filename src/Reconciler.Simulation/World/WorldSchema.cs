using Reconciler.Observed;
using Reconciler.Spec.Schema;

namespace Reconciler.Simulation.World;

/// <summary>The SimulatedCluster world file (design.md §4.4): hardware and VMs that exist, not a desired layout.</summary>
internal static class WorldSchema
{
    public const string Kind = Spec.SpecLoader.SimulatedClusterKind;

    public static IReadOnlyList<string> GpuModes { get; } = ["partitioned", "dda", "paravirtualization", "notAssignable"];

    private static SchemaField Str(string key, string description) => new(key, FieldKind.String, description);

    private static SchemaField Obj(string key, SchemaObject type, string description) => new(key, FieldKind.Object, description) { Object = type };

    private static SchemaField List(string key, SchemaObject type, string description) => new(key, FieldKind.ObjectList, description) { Object = type };

    public static SchemaObject Gpu { get; } = new("SimGpu", "A physical GPU of a simulated host.",
    [
        Str("model", "GPU model from the catalog.") with { Required = true },
        Str("locationPath", "PCI location path.") with { Required = true },
        new("mode", FieldKind.Enum, "partitioned, dda (dismounted), paravirtualization or notAssignable.") { Values = GpuModes },
        new("partitionCount", FieldKind.Integer, "Current partition count (partitioned GPUs).") { Minimum = 1 },
    ]);

    public static SchemaObject Partition { get; } = new("SimPartition", "A VM's GPU partition adapter.",
    [
        Str("gpu", "Location path the adapter is pinned to (omit: Hyper-V chooses at start)."),
    ]);

    public static SchemaObject Pool { get; } = new("SimPoolClaim", "A VM's claim on GPUs of a pool.",
    [
        Str("pool", "Pool name.") with { Required = true },
        new("count", FieldKind.Integer, "GPUs claimed.") { Minimum = 1 },
    ]);

    public static IReadOnlyList<string> HostStates { get; } = ["up", "paused", "down"];

    public static SchemaObject FailedOver { get; } = new("SimFailedOver", "The VM runs here because the cluster restarted it when its node failed.",
    [
        Str("from", "The node it failed over from.") with { Required = true },
        Str("since", "When, as an ISO 8601 time (e.g. 2026-12-05T03:10:00Z)."),
    ]);

    public static SchemaObject Vm { get; } = new("SimVm", "A VM registered on the host.",
    [
        Str("name", "VM name.") with { Required = true },
        new("state", FieldKind.Enum, "Power state.") { Values = [.. Enum.GetNames<VmPowerState>()] },
        Obj("gpuPartition", Partition, "Its GPU partition adapter."),
        Str("ddaDevice", "Location path of a GPU passed through to it."),
        Obj("ddaPool", Pool, "GPUs it claims from a pool."),
        Obj("mmio", SpecSchema.Mmio, "MMIO space."),
        new("automaticStopAction", FieldKind.Enum, "TurnOff, Save or ShutDown.") { Values = [.. Enum.GetNames<AutomaticStopAction>()] },
        new("offlineAction", FieldKind.Enum, "Cluster offline action.") { Values = SpecSchema.EnumValues<Spec.OfflineAction>() },
        Obj("failedOver", FailedOver, "It failed over to this node."),
    ]);

    public static SchemaObject Host { get; } = new("SimHost", "A simulated Hyper-V host.",
    [
        Str("name", "Host name.") with { Required = true },
        Obj("drivers", SpecSchema.HostDrivers, "Host driver versions."),
        new("state", FieldKind.Enum, "Node state in the failover cluster: up (default), paused or down (its VMs must be Off).") { Values = HostStates },
        List("gpus", Gpu, "Its GPUs."),
        List("vms", Vm, "VMs registered on it."),
    ]);

    public static SchemaObject PoolDef { get; } = new("SimPool", "A GPU pool created on the cluster's nodes.",
    [
        Str("name", "Pool name.") with { Required = true },
        new("members", FieldKind.EnumList, "GPUs in it, as host/locationPath."),
    ]);

    public static SchemaObject Latency { get; } = new("SimLatency", "How long operations take (before timeScale).",
    [
        new("shutdown", FieldKind.Duration, "Guest shutdown."), new("turnOff", FieldKind.Duration, "Turn off."),
        new("start", FieldKind.Duration, "Start."), new("reconfigure", FieldKind.Duration, "Any configuration change."),
    ]);

    public static SchemaObject Faults { get; } = new("SimFaults", "Seeded transient faults.",
    [
        Str("transientRate", "Share of operations that fail transiently, 0 to 1."),
        new("seed", FieldKind.Integer, "Seed of the dice."),
    ]);

    public static SchemaObject Guests { get; } = new("SimGuests", "Guest behaviour.",
    [
        Str("ignoreShutdownRate", "Share of graceful shutdowns the guest ignores, 0 to 1."),
        new("boot", FieldKind.Duration, "How long after its VM starts a guest reports healthy (heartbeat OK), before timeScale; default 0."),
        new("neverHealthy", FieldKind.EnumList, "VMs whose guest never reports healthy after a start (a broken image)."),
    ]);

    public static SchemaObject Behaviour { get; } = new("SimBehaviour", "How the simulated hosts behave.",
    [
        Obj("latency", Latency, "Latencies."),
        Str("timeScale", "Multiplies every latency; 0 is instant."),
        Obj("faults", Faults, "Transient faults."),
        Obj("guests", Guests, "Guests."),
    ]);

    public static SchemaObject Body { get; } = new("SimSpec", "The simulated cluster.",
    [
        new("failoverCluster", FieldKind.Boolean, "The hosts form a failover cluster."),
        List("hosts", Host, "Hosts.") with { Required = true },
        List("pools", PoolDef, "GPU pools."),
        Obj("behaviour", Behaviour, "Behaviour."),
    ]);

    public static SchemaObject Document { get; } = new(Kind, "A simulated cluster.",
    [
        new("apiVersion", FieldKind.Enum, "Format version.") { Required = true, Values = [Spec.ClusterSpec.ApiVersion] },
        new("kind", FieldKind.Enum, "Document kind.") { Required = true, Values = [Kind] },
        Obj("metadata", SpecSchema.Metadata, "Identity.") with { Required = true },
        Obj("spec", Body, "The world.") with { Required = true },
    ]);
}
