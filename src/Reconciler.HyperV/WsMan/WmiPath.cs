using System.Text;

namespace Reconciler.HyperV.WsMan;

/// <summary>
/// WMI object paths, the form references take inside embedded instances (HostResource, Parent):
/// <c>\\HOST\root\virtualization\v2:Class.Key="value",…</c> with \ and " escaped by a backslash.
/// EPR XML in these places makes a real host fail (wsman.md §2.5).
/// </summary>
public static class WmiPath
{
    public static string Format(string host, string className, params (string Key, string Value)[] keys) =>
        $@"\\{host}\root\virtualization\v2:{className}." + string.Join(",", keys.Select(k => $"{k.Key}=\"{Escape(k.Value)}\""));

    /// <summary>The class and keys of a path; null when it is not one.</summary>
    public static (string ClassName, IReadOnlyDictionary<string, string> Keys)? Parse(string path)
    {
        var colon = path.IndexOf(':', StringComparison.Ordinal);
        var dot = colon < 0 ? -1 : path.IndexOf('.', colon);
        if (dot < 0)
        {
            return null;
        }

        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = dot + 1;
        while (i < path.Length)
        {
            var eq = path.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= path.Length || path[eq + 1] != '"')
            {
                return null;
            }

            var value = new StringBuilder();
            var j = eq + 2;
            for (; j < path.Length && path[j] != '"'; j++)
            {
                if (path[j] == '\\' && j + 1 < path.Length)
                {
                    j++;
                }

                value.Append(path[j]);
            }

            keys[path[i..eq]] = value.ToString();
            i = j + 2; // past the closing quote and the comma
        }

        return (path[(colon + 1)..dot], keys);
    }

    private static string Escape(string value) => value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
