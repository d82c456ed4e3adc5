using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>What the plan does to people's VMs and GPUs, at a glance.</summary>
public sealed record PlanSummary(ValueList<string> VmsStopped, ValueList<string> VmsStarted, ValueList<string> GpusRepartitioned, int Waves);
