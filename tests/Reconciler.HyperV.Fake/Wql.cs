using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The WQL the fake understands: SELECT * | a, b FROM Class [WHERE p = 'v' [AND|OR …]], AND
/// binding tighter than OR as in WQL (learn.microsoft.com/windows/win32/wmisdk/wql-operators-and-keywords).
/// System properties such as __CLASS may be compared like any other
/// (learn.microsoft.com/windows/win32/wmisdk/wmi-system-properties).
/// </summary>
public sealed partial record Wql(string ClassName, IReadOnlyList<string>? Properties, IReadOnlyList<IReadOnlyList<(string Property, string Value)>> Alternatives)
{
    public static Wql? TryParse(string text)
    {
        var match = Select().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var props = match.Groups["props"].Value.Trim();
        var alternatives = new List<IReadOnlyList<(string, string)>>();
        if (match.Groups["where"].Success)
        {
            foreach (var alternative in Or().Split(match.Groups["where"].Value))
            {
                var conditions = new List<(string, string)>();
                foreach (var part in And().Split(alternative))
                {
                    var condition = Condition().Match(part.Trim());
                    if (!condition.Success)
                    {
                        return null;
                    }

                    conditions.Add((condition.Groups["prop"].Value, Unquote(condition.Groups["value"].Value)));
                }

                alternatives.Add(conditions);
            }
        }
        else
        {
            alternatives.Add([]);
        }

        return new Wql(match.Groups["class"].Value, props == "*" ? null : props.Split(',').Select(p => p.Trim()).ToList(), alternatives);
    }

    /// <summary>Whether an instance satisfies the WHERE clause.</summary>
    public bool Matches(FakeInstance instance) => Alternatives.Any(instance.Matches);

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] is not ('\'' or '"'))
        {
            return value;
        }

        var text = new StringBuilder();
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
            }

            text.Append(value[i]);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^\s*SELECT\s+(?<props>\*|[\w\s,]+?)\s+FROM\s+(?<class>\w+)(\s+WHERE\s+(?<where>.+?))?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex(@"\s+OR\s+(?=(?:[^']*'[^']*')*[^']*$)", RegexOptions.IgnoreCase)]
    private static partial Regex Or();

    [GeneratedRegex(@"\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    [GeneratedRegex(@"^(?<prop>\w+)\s*=\s*(?<value>'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""|\S+)$")]
    private static partial Regex Condition();
}
