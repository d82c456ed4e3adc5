using Reconciler.Drift;
using Reconciler.Planning;

namespace Reconciler.Execution;

/// <summary>
/// The bookkeeping of one plan run: which operations are done, running, failed or abandoned,
/// which host is busy, and how many VMs are down, so the scheduler launches only what is safe.
/// </summary>
internal sealed class ExecutionRun(Plan plan, int budget)
{
    private readonly object _gate = new();
    private readonly IReadOnlyDictionary<string, double> _priority = CriticalPath.Remaining(plan);
    private readonly HashSet<string> _succeeded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _busyHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _down = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// VMs the plan stops and never starts: the spec wants them off. Once off they are where they
    /// belong, not down for a change, so they give their place in the budget back (issue 18).
    /// </summary>
    private readonly HashSet<string> _staysOff = plan.Operations.Where(o => o.Kind == OperationKind.StopVm).Select(o => o.Vm!)
        .Except(plan.Operations.Where(o => o.Kind == OperationKind.StartVm).Select(o => o.Vm!), StringComparer.OrdinalIgnoreCase)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// StartVm operations whose call returned while their guest has not reported healthy yet (the
    /// guest health gate), with whether the start was already done: their VM is still down, and
    /// what waits for them (the next wave) still waits.
    /// </summary>
    private readonly Dictionary<string, bool> _booting = new(StringComparer.Ordinal);

    /// <summary>VMs whose guest is not known to be up: started by this run and not yet through the gate, or still down from an earlier run.</summary>
    private readonly HashSet<string> _guestsDown = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Guests still down from an earlier run: they hold budget this run cannot give back.</summary>
    private readonly HashSet<string> _downBefore = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Operations that will never run: failed, or waiting on one that failed, or a shutdown after a failure.</summary>
    private readonly HashSet<string> _dead = new(StringComparer.Ordinal);

    public List<ExecutionFailure> Failures { get; } = [];

    public int Executed { get; private set; }

    public int Skipped { get; private set; }

    public int NotRun { get; private set; }

    public IEnumerable<string> Completed
    {
        get
        {
            lock (_gate)
            {
                return [.. _succeeded];
            }
        }
    }

    /// <summary>
    /// Operations that may start now: on each idle host, its ready operation (dependencies done)
    /// that most work waits on (<see cref="CriticalPath"/>); a shutdown only while the VMs down or
    /// going down stay under the budget, and never after a failure.
    /// </summary>
    public List<Operation> Launchable(int running, int maxParallel)
    {
        lock (_gate)
        {
            var ready = new List<Operation>();
            foreach (var op in plan.Operations)
            {
                if (_started.Contains(op.Id))
                {
                    continue; // done or running
                }

                if (op.DependsOn.Any(_dead.Contains) || (op.Kind == OperationKind.StopVm && _failed.Count > 0))
                {
                    // Never runs; marking it lets the host's later, independent operations (a restart) go on.
                    _dead.Add(op.Id);
                    _started.Add(op.Id);
                    continue;
                }

                if (!_busyHosts.Contains(op.Host) && op.DependsOn.All(_succeeded.Contains))
                {
                    ready.Add(op);
                }
            }

            // Stable: equal priorities keep plan order.
            var result = new List<Operation>();
            var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var stops = 0;
            foreach (var op in ready.OrderByDescending(o => _priority[o.Id]))
            {
                if (running + result.Count >= maxParallel)
                {
                    break;
                }

                if (hosts.Contains(op.Host) || (op.Kind == OperationKind.StopVm && _down.Count + stops >= budget))
                {
                    continue; // a host runs one operation at a time; the budget counts shutdowns in flight too
                }

                hosts.Add(op.Host);
                stops += op.Kind == OperationKind.StopVm ? 1 : 0;
                result.Add(op);
            }

            return result;
        }
    }

    /// <summary>VMs down (or going down) because of this run: what the budget is measured against.</summary>
    public int Down
    {
        get
        {
            lock (_gate)
            {
                return _down.Count;
            }
        }
    }

    public void Begin(Operation op)
    {
        lock (_gate)
        {
            _started.Add(op.Id);
            _busyHosts.Add(op.Host);
            if (op.Kind == OperationKind.StopVm)
            {
                // Counted from the moment the shutdown is asked for: the guest may be gone long before the call returns.
                _down.Add(op.Vm!);
            }
        }
    }

    public void End(Operation op)
    {
        lock (_gate)
        {
            _busyHosts.Remove(op.Host);
        }
    }

    public void Succeed(Operation op, bool skipped)
    {
        lock (_gate)
        {
            _succeeded.Add(op.Id);
            if (skipped)
            {
                Skipped++;
            }
            else
            {
                Executed++;
            }

            if (op.Kind == OperationKind.StopVm && (skipped || _staysOff.Contains(op.Vm!)))
            {
                _down.Remove(op.Vm!); // already off before this run asked, or off for good as the spec wants: not this run's downtime
            }
            else if (op.Kind == OperationKind.StartVm)
            {
                _down.Remove(op.Vm!);
                _guestsDown.Remove(op.Vm!);
            }
        }
    }

    /// <summary>The start returned (or was already done): the host is free, the VM still counts as down until its guest is up.</summary>
    public void Booting(Operation op, bool skipped)
    {
        lock (_gate)
        {
            _booting[op.Id] = skipped;
            _guestsDown.Add(op.Vm!);
        }
    }

    /// <summary>Guests an earlier run started that are still not up: they count as down for the whole of this run.</summary>
    public void DownBefore(IEnumerable<string> vms)
    {
        lock (_gate)
        {
            foreach (var vm in vms)
            {
                _down.Add(vm);
                _guestsDown.Add(vm);
                _downBefore.Add(vm);
            }
        }
    }

    /// <summary>VMs whose guest is not known to be up now: what the journal keeps for the next run.</summary>
    public IReadOnlyList<string> GuestsDown
    {
        get
        {
            lock (_gate)
            {
                return [.. _guestsDown.Order(StringComparer.OrdinalIgnoreCase)];
            }
        }
    }

    /// <summary>True when a shutdown never started because guests still down from an earlier run held the budget.</summary>
    public bool HeldByGuestsDownBefore(Operation op)
    {
        lock (_gate)
        {
            return op.Kind == OperationKind.StopVm && _downBefore.Count > 0 && !_started.Contains(op.Id);
        }
    }

    /// <summary>True (once) when <paramref name="op"/> is a start whose guest the gate must now wait for.</summary>
    public bool TakeBooting(Operation op, out bool skipped)
    {
        lock (_gate)
        {
            return _booting.Remove(op.Id, out skipped);
        }
    }

    public void Fail(Operation op, string reason)
    {
        lock (_gate)
        {
            _failed.Add(op.Id);
            _dead.Add(op.Id);
            Failures.Add(new ExecutionFailure(op.Host, op.Vm, op.Id, op.Kind.ToString(), reason));
        }
    }

    /// <summary>Operations never started because something they wait for failed (or no shutdown could start after a failure).</summary>
    public List<Operation> Abandoned()
    {
        lock (_gate)
        {
            var abandoned = plan.Operations.Where(o => !_started.Contains(o.Id) || (_dead.Contains(o.Id) && !_failed.Contains(o.Id))).ToList();
            NotRun = abandoned.Count;
            return abandoned;
        }
    }

    /// <summary>Why an abandoned operation never ran, in words that follow "not run: " (the event kind says that part).</summary>
    public string WhyNotRun(Operation op)
    {
        lock (_gate)
        {
            if (op.DependsOn.Any(_failed.Contains))
            {
                return "an operation it depends on failed";
            }

            if (op.DependsOn.Any(_dead.Contains))
            {
                return "an operation it depends on did not run";
            }

            return _failed.Count > 0 && op.Kind == OperationKind.StopVm
                ? "no VM is shut down after a failure"
                : "it never became ready (the disruption budget did not allow it)";
        }
    }
}
