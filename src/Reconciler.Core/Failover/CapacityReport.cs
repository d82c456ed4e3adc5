using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>
/// N-1 GPU capacity: for each node, what happens to its running GPU VMs if it fails now, and
/// whether the cluster absorbs the loss of any one node (no node strands a VM). The JSON of
/// <c>reconciler capacity -o json</c> is this record's shape.
/// </summary>
public sealed record CapacityReport(bool SurvivesAnyOneHost, ValueList<HostCapacity> Hosts);
