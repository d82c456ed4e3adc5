using System.Diagnostics.Metrics;

namespace Reconciler.HyperV;

/// <summary>WS-Management calls by operation and outcome, and how long they took.</summary>
public sealed class HyperVMetrics
{
    public const string MeterName = "Reconciler.HyperV";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public HyperVMetrics(Meter? meter = null)
    {
        meter ??= new Meter(MeterName);
        _calls = meter.CreateCounter<long>("reconciler.hyperv.wsman.calls", "{call}", "WS-Management requests sent, by operation and outcome");
        _duration = meter.CreateHistogram<double>("reconciler.hyperv.wsman.duration", "s", "Time of one WS-Management request");
    }

    /// <summary>Requests sent so far by this process; observe's round-trip bound is checked against it.</summary>
    public long Calls => Interlocked.Read(ref _count);

    private long _count;

    public void RecordCall(string operation, string outcome, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _count);
        var tags = new KeyValuePair<string, object?>[] { new("operation", operation), new("outcome", outcome) };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
