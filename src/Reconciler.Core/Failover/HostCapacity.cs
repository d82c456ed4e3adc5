using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>One node's failure: the VMs that restart elsewhere and those stranded, with the reason.</summary>
public sealed record HostCapacity(string Host, ValueList<string> Restartable, ValueList<Stranded> Stranded);
