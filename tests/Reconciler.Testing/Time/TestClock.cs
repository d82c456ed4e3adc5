using Microsoft.Extensions.Time.Testing;

namespace Reconciler.Testing.Time;

/// <summary>
/// FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing), which moves only when a test
/// says so, plus the one thing it does not tell: how many of its timers are waiting. Tests that
/// drive code which schedules its own waits (a retry's backoff, a simulated latency) wait until
/// the wait is scheduled before they advance past it.
/// </summary>
public class TestClock : FakeTimeProvider
{
    /// <summary>Where every test clock starts unless told otherwise: a fixed, ordinary moment.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly List<CountedTimer> _timers = [];

    public TestClock()
        : this(DefaultStart)
    {
    }

    public TestClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers that are set to fire and have neither fired (one-shot) nor been stopped or disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count(t => t.IsPending);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this);
        timer.Set(dueTime, period);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    private void Forget(CountedTimer timer)
    {
        lock (_timers)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>FakeTimeProvider's timer, with whether it is still waiting to fire kept alongside.</summary>
    private sealed class CountedTimer(TestClock owner) : ITimer
    {
        private volatile bool _pending;
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public bool IsPending => _pending;

        public void Set(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
            _pending = dueTime != Timeout.InfiniteTimeSpan;
        }

        /// <summary>A one-shot timer that fired waits no more; a periodic one does.</summary>
        public void Fired() => _pending = _periodic;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Set(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _pending = false;
            owner.Forget(this);
            Inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            _pending = false;
            owner.Forget(this);
            await Inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
