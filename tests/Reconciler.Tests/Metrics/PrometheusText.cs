using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, stricter than Prometheus
/// itself: every sample belongs to a family whose TYPE came first, families are contiguous,
/// names and labels follow the grammar, no series repeats, and every histogram has monotonic
/// cumulative buckets ending in +Inf equal to its _count, and a _sum.
/// </summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
    }

    public sealed record Family(string Name, string Type, string? Help, List<Sample> Samples);

    public static Dictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Family? current = null;
        var number = 0;
        foreach (var line in text.Split('\n')[..^1])
        {
            number++;
            string Where() => $"line {number}: '{line}'";
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                Require(MetricName().IsMatch(parts[0]), $"bad metric name in HELP, {Where()}");
                Require(!helps.ContainsKey(parts[0]), $"second HELP, {Where()}");
                helps[parts[0]] = parts.Length > 1 ? parts[1] : "";
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Require(parts.Length == 2 && MetricName().IsMatch(parts[0]), $"bad TYPE, {Where()}");
                Require(parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", $"unknown type, {Where()}");
                Require(!families.ContainsKey(parts[0]), $"second TYPE for {parts[0]}, {Where()}");
                current = new Family(parts[0], parts[1], helps.GetValueOrDefault(parts[0]), []);
                families[parts[0]] = current;
                continue;
            }

            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var sample = ParseSample(line, Where);
            Require(current is not null && Belongs(current, sample.Name), $"sample outside its TYPE'd family (TYPE must come first, families contiguous), {Where()}");
            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            Require(seen.Add(key), $"series repeated, {Where()}");
            current!.Samples.Add(sample);
        }

        foreach (var family in families.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(family);
        }

        return families;
    }

    private static bool Belongs(Family family, string sample) => family.Type switch
    {
        "histogram" => sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count",
        "summary" => sample == family.Name || sample == family.Name + "_sum" || sample == family.Name + "_count",
        _ => sample == family.Name,
    };

    private static void CheckHistogram(Family family)
    {
        foreach (var series in family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))))
        {
            var buckets = series.Where(s => s.Name == family.Name + "_bucket").ToList();
            Require(buckets.Count > 0 && buckets.All(b => b.Labels.ContainsKey("le")), $"{family.Name}{{{series.Key}}}: buckets need an le label");
            var bounds = buckets.Select(b => ParseValue(b.Labels["le"])).ToList();
            Require(bounds.SequenceEqual(bounds.Order()) && bounds.Distinct().Count() == bounds.Count, $"{family.Name}{{{series.Key}}}: le bounds not ascending");
            Require(double.IsPositiveInfinity(bounds[^1]), $"{family.Name}{{{series.Key}}}: no +Inf bucket");
            for (var i = 1; i < buckets.Count; i++)
            {
                Require(buckets[i].Value >= buckets[i - 1].Value, $"{family.Name}{{{series.Key}}}: bucket counts are not cumulative at le={buckets[i].Labels["le"]}");
            }

            var count = series.SingleOrDefault(s => s.Name == family.Name + "_count");
            Require(count is not null && count.Value == buckets[^1].Value, $"{family.Name}{{{series.Key}}}: _count missing or not equal to the +Inf bucket");
            Require(series.Any(s => s.Name == family.Name + "_sum"), $"{family.Name}{{{series.Key}}}: no _sum");
        }
    }

    private static Sample ParseSample(string line, Func<string> where)
    {
        var match = SampleName().Match(line);
        Require(match.Success, $"bad metric name, {where()}");
        var name = match.Value;
        var i = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var label = LabelName().Match(line, i);
                Require(label.Success && label.Index == i, $"bad label name, {where()}");
                i += label.Length;
                Require(line[i] == '=' && line[i + 1] == '"', $"label needs =\"value\", {where()}");
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        value.Append(line[i + 1] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"bad escape in label value, {where()}"),
                        });
                        i += 2;
                    }
                    else
                    {
                        value.Append(line[i++]);
                    }
                }

                i++;
                Require(labels.TryAdd(label.Value, value.ToString()), $"label repeated, {where()}");
                if (line[i] == ',')
                {
                    i++;
                }
                else
                {
                    Require(line[i] == '}', $"labels must be separated by commas, {where()}");
                }
            }

            i++;
        }

        Require(i < line.Length && line[i] == ' ', $"no space before the value, {where()}");
        var rest = line[(i + 1)..].Split(' ');
        Require(rest.Length is 1 or 2, $"trailing text, {where()}");
        return new Sample(name, labels, ParseValue(rest[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"'{text}' is not a number"),
    };

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message);
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
