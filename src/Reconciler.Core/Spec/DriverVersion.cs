using System.Globalization;
using System.Text.RegularExpressions;

namespace Reconciler.Spec;

/// <summary>An NVIDIA driver version such as <c>580.86</c> or <c>580.65.06</c>; the major part names the branch.</summary>
public sealed partial record DriverVersion(int Major, int Minor, int? Patch)
{
    public static bool TryParse(string text, out DriverVersion? version)
    {
        version = null;
        var match = VersionPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        version = new DriverVersion(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : null);
        return true;
    }

    public override string ToString() => Patch is { } patch
        ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor:00}.{patch:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor:00}");

    [GeneratedRegex(@"^([0-9]{3,4})\.([0-9]{1,3})(?:\.([0-9]{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
