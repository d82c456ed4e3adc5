using Reconciler.Planning;

namespace Reconciler.Execution;

/// <summary>
/// The bookkeeping of one plan run: which operations are done, running, failed or abandoned,
/// which host is busy, and how many VMs are down, so the scheduler launches only what is safe.
/// </summary>
internal sealed class ExecutionRun(Plan plan, int budget)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _succeeded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _busyHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _down = new(StringComparer.OrdinalIgnoreCase);

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
    /// Operations that may start now: for each idle host, its first operation in plan order whose
    /// dependencies are done; a shutdown only while the budget has room and nothing has failed.
    /// </summary>
    public List<Operation> Launchable(int running, int maxParallel)
    {
        lock (_gate)
        {
            var result = new List<Operation>();
            var seenHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var op in plan.Operations)
            {
                if (_started.Contains(op.Id) || seenHosts.Contains(op.Host))
                {
                    continue; // done, running, or its host already has its next operation
                }

                if (op.DependsOn.Any(_dead.Contains) || (op.Kind == OperationKind.StopVm && _failed.Count > 0))
                {
                    // Never runs; marking it lets the host's later, independent operations (a restart) go on.
                    _dead.Add(op.Id);
                    _started.Add(op.Id);
                    continue;
                }

                // A host runs one operation at a time: the first of its operations, in plan order, that is ready.
                var ready = !_busyHosts.Contains(op.Host)
                    && op.DependsOn.All(_succeeded.Contains)
                    && (op.Kind != OperationKind.StopVm || _down.Count + result.Count(r => r.Kind == OperationKind.StopVm) < budget);
                if (ready && running + result.Count < maxParallel)
                {
                    seenHosts.Add(op.Host);
                    result.Add(op);
                }
            }

            return result;
        }
    }

    public void Begin(Operation op)
    {
        lock (_gate)
        {
            _started.Add(op.Id);
            _busyHosts.Add(op.Host);
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

            if (op.Kind == OperationKind.StopVm && !skipped)
            {
                _down.Add(op.Vm!);
            }
            else if (op.Kind == OperationKind.StartVm)
            {
                _down.Remove(op.Vm!);
            }
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
}
