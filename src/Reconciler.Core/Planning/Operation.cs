using Reconciler.Drift;
using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>
/// One idempotent step against one host. <see cref="DependsOn"/> names the operations that must
/// finish first; <see cref="Wave"/> 0 takes no running VM down, waves 1.. each stay within the
/// disruption budget and run one after the other.
/// </summary>
public sealed record Operation(
    string Id,
    OperationKind Kind,
    string Host,
    string? Vm,
    string? Gpu,
    OperationArguments Arguments,
    ValueList<string> DependsOn,
    bool Disruptive,
    int Wave,
    string Description);
