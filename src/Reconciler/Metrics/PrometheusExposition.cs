using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Reconciler.Metrics;

/// <summary>
/// GET /metrics: listens to one <see cref="Meter"/> and writes what it recorded in the
/// Prometheus text exposition format 0.0.4 (no exporter package is served here). Counters are
/// summed and get <c>_total</c>, histograms are kept as cumulative buckets, observable gauges are
/// read at scrape time. Names follow the OpenTelemetry-to-Prometheus rules: dots become
/// underscores and the unit <c>s</c> becomes the suffix <c>_seconds</c>.
/// </summary>
internal sealed class PrometheusExposition : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Dictionary<Instrument, Family> _families = [];
    private readonly Lock _lock = new();

    public PrometheusExposition(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                lock (_lock)
                {
                    _families[instrument] = new Family(instrument);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The exposition of everything recorded so far, families in name order.</summary>
    public string Write()
    {
        lock (_lock)
        {
            foreach (var family in _families.Values.Where(f => f.Observable))
            {
                family.Series.Clear(); // observed values are what the callbacks report now; a series that is gone disappears
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.WriteTo(text);
            }

            return text.ToString();
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_lock)
        {
            if (_families.TryGetValue(instrument, out var family))
            {
                family.Record(labels, value);
            }
        }
    }

    /// <summary>The label set rendered once, sorted by name, values escaped; it doubles as the series key.</summary>
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<KeyValuePair<string, object?>>(tags.ToArray());
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join(",", pairs.Select(p => $"{Sanitize(p.Key)}=\"{EscapeLabel(Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "")}\""));
    }

    internal static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Metric and label names allow [a-zA-Z_:][a-zA-Z0-9_:]*; anything else becomes '_'.</summary>
    private static string Sanitize(string name)
    {
        var chars = name.Select((c, i) => char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c)) ? c : '_').ToArray();
        return new string(chars);
    }

    internal static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Join(string labels, string extra) =>
        labels.Length == 0 ? $"{{{extra}}}" : $"{{{labels},{extra}}}";

    private static string Braced(string labels) => labels.Length == 0 ? "" : $"{{{labels}}}";

    /// <summary>One instrument: its Prometheus name and type, and one series per label set.</summary>
    private sealed class Family
    {
        private readonly double[] _bounds;
        private readonly bool _adds;

        public Family(Instrument instrument)
        {
            Help = instrument.Description ?? instrument.Name;
            Observable = instrument.IsObservable;
            _adds = !instrument.IsObservable && instrument.GetType().Name.Contains("Counter", StringComparison.Ordinal); // Counter and UpDownCounter record increments
            Type = instrument switch
            {
                Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<double> => "counter",
                Histogram<double> or Histogram<long> or Histogram<int> => "histogram",
                _ => "gauge",
            };
            var name = Sanitize(instrument.Name.Replace('.', '_'));
            if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
            {
                name += "_seconds";
            }

            if (Type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
            {
                name += "_total";
            }

            Name = name;
            _bounds = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets;
        }

        public string Name { get; }

        public string Help { get; }

        public string Type { get; }

        /// <summary>Read by a callback at scrape time, so each scrape starts from nothing.</summary>
        public bool Observable { get; }

        public SortedDictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public void Record(string labels, double value)
        {
            if (!Series.TryGetValue(labels, out var series))
            {
                series = new Series(_bounds.Length);
                Series[labels] = series;
            }

            if (Type == "histogram")
            {
                series.Observe(_bounds, value);
            }
            else if (_adds)
            {
                series.Sum += value;
            }
            else
            {
                series.Sum = value; // a gauge, or an observable counter's running total
            }
        }

        public void WriteTo(StringBuilder text)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {Name} {EscapeHelp(Help)}\n");
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {Name} {Type}\n");
            foreach (var (labels, series) in Series)
            {
                if (Type != "histogram")
                {
                    text.Append(CultureInfo.InvariantCulture, $"{Name}{Braced(labels)} {Number(series.Sum)}\n");
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i < _bounds.Length; i++)
                {
                    cumulative += series.Buckets[i];
                    text.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{Join(labels, $"le=\"{Number(_bounds[i])}\"")} {cumulative}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{Join(labels, "le=\"+Inf\"")} {series.Count}\n");
                text.Append(CultureInfo.InvariantCulture, $"{Name}_sum{Braced(labels)} {Number(series.Sum)}\n");
                text.Append(CultureInfo.InvariantCulture, $"{Name}_count{Braced(labels)} {series.Count}\n");
            }
        }
    }

    /// <summary>A counter's or gauge's value in <see cref="Sum"/>; a histogram's per-bucket (not yet cumulative) counts, sum and count.</summary>
    private sealed class Series(int buckets)
    {
        public double Sum { get; set; }

        public long Count { get; private set; }

        public long[] Buckets { get; } = new long[buckets];

        public void Observe(double[] bounds, double value)
        {
            var index = Array.FindIndex(bounds, b => value <= b);
            if (index >= 0)
            {
                Buckets[index]++;
            }

            Sum += value;
            Count++;
        }
    }
}
