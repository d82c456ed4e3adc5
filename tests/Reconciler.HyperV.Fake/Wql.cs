using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.HyperV.Fake;

/// <summary>The WQL the fake understands: SELECT * | a, b FROM Class [WHERE p = 'v' [AND …]].</summary>
public sealed partial record Wql(string ClassName, IReadOnlyList<string>? Properties, IReadOnlyList<(string Property, string Value)> Conditions)
{
    public static Wql? TryParse(string text)
    {
        var match = Select().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var props = match.Groups["props"].Value.Trim();
        var conditions = new List<(string, string)>();
        if (match.Groups["where"].Success)
        {
            foreach (var part in And().Split(match.Groups["where"].Value))
            {
                var condition = Condition().Match(part.Trim());
                if (!condition.Success)
                {
                    return null;
                }

                conditions.Add((condition.Groups["prop"].Value, Unquote(condition.Groups["value"].Value)));
            }
        }

        return new Wql(match.Groups["class"].Value, props == "*" ? null : props.Split(',').Select(p => p.Trim()).ToList(), conditions);
    }

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

    [GeneratedRegex(@"\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    [GeneratedRegex(@"^(?<prop>\w+)\s*=\s*(?<value>'(?:[^'\\]|\\.)*'|""(?:[^""\\]|\\.)*""|\S+)$")]
    private static partial Regex Condition();
}
