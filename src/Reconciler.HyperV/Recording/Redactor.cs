using System.Text.RegularExpressions;

namespace Reconciler.HyperV.Recording;

/// <summary>
/// Removes credentials from text bound for a recording: the configured secrets wherever they
/// occur (the password, and the Basic token made from it), HTTP authentication tokens
/// (Basic, Negotiate, Kerberos, NTLM, Bearer followed by a token), and the content of any element
/// or attribute whose name speaks of a password, credential, secret or token.
/// </summary>
public sealed partial class Redactor(IEnumerable<string> secrets)
{
    public const string Mark = "[REDACTED]";

    private readonly string[] _secrets = secrets.Where(s => s.Length >= 3).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mark, StringComparison.Ordinal);
        }

        text = AuthToken().Replace(text, m => $"{m.Groups["scheme"].Value} {Mark}");
        text = SecretElement().Replace(text, m => $"{m.Groups["open"].Value}{Mark}{m.Groups["close"].Value}");
        return SecretAttribute().Replace(text, m => $"{m.Groups["name"].Value}=\"{Mark}\"");
    }

    [GeneratedRegex(@"(?<scheme>\b(?:Basic|Negotiate|Kerberos|NTLM|Bearer))\s+[A-Za-z0-9+/=._~-]{8,}", RegexOptions.IgnoreCase)]
    private static partial Regex AuthToken();

    [GeneratedRegex(@"(?<open><(?<tag>[\w.:-]*(?:password|passwd|credential|secret|token)[\w.-]*)(?:\s[^>]*)?>)[^<]*(?<close></\k<tag>>)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretElement();

    [GeneratedRegex(@"(?<name>\b[\w:-]*(?:password|passwd|credential|secret|token)[\w-]*)\s*=\s*""[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAttribute();
}
