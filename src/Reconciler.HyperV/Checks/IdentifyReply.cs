using System.Globalization;
using System.Text.RegularExpressions;

namespace Reconciler.HyperV.Checks;

/// <summary>
/// A WS-Man IdentifyResponse: vendor, ProductVersion ("OS: 10.0.26100 SP: 0.0 Stack: 3.0" from
/// an authenticated caller, "OS: 0.0.0 ..." from an anonymous one) and the listener's security
/// profiles (authenticated only).
/// </summary>
public sealed partial record IdentifyReply(string Vendor, string ProductVersion, IReadOnlyList<string> SecurityProfiles)
{
    /// <summary>"10.0.26100"; null when anonymous (0.0.0) or not in WinRM's form.</summary>
    public string? OsVersion => Part("OS") is { } os && os != "0.0.0" ? os : null;

    public string? StackVersion => Part("Stack");

    /// <summary>The Windows release of a build (Microsoft's release information pages); null when not a known server build.</summary>
    public string? OsName => OsVersion?.Split('.') is [_, _, var build, ..] && int.TryParse(build, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        ? number switch
        {
            >= 26100 => "Windows Server 2025 / Azure Local",
            >= 25398 => "Azure Stack HCI 23H2",
            >= 20348 => "Windows Server 2022",
            >= 17763 => "Windows Server 2019",
            _ => "an older Windows",
        }
        : null;

    /// <summary>GPU-P needs Windows Server 2022 (build 20348) or later.</summary>
    public bool TooOldForGpuP => OsVersion?.Split('.') is [_, _, var build, ..] && int.TryParse(build, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < 20348;

    private string? Part(string name)
    {
        var match = PartPattern().Matches(ProductVersion).FirstOrDefault(m => m.Groups[1].Value == name);
        return match?.Groups[2].Value;
    }

    [GeneratedRegex(@"(OS|SP|Stack):\s*([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex PartPattern();
}
