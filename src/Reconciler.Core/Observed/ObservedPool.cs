using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>
/// A PCI Express GPU resource pool (Windows Server 2025 clustered DDA): created with the same name
/// on every node; <see cref="Members"/> are "host/locationPath" of the GPUs in it.
/// </summary>
public sealed record ObservedPool(string Name, ValueList<string> Hosts, ValueList<PoolMember> Members);
