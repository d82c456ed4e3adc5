using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>What the failover cluster does with one node's running GPU VMs if that node fails now.</summary>
public sealed record NodeFailure(string Host, ValueList<Restart> Restarts, ValueList<Stranded> Stranded);
