namespace Reconciler.Tests.Validation;

/// <summary>GR300-GR305: the change policy, maintenance windows and shutdown timeout.</summary>
public class PolicyRulesTests
{
    private static string Policy(string policy) => $"policy:\n  {policy}\nhosts: [ {{ name: hv-01 }} ]\n";

    private static string Window(string window) => Policy($"windows:\n    - {window}");

    [Theory]
    [InlineData("0")]
    [InlineData("\"0%\"")]
    [InlineData("\"101%\"")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("\"25 %\"")]
    [InlineData("1.5")]
    public void MaxUnavailableNotACountOrPercentage_ReportsGR300(string value) =>
        Assert.Equal(["GR300 7:21"], SpecText.Positions(SpecText.Check(Policy($"maxUnavailable: {value}"))));

    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("25%")]
    [InlineData("\"100%\"")]
    public void MaxUnavailableCountOrPercentage_IsNotGR300(string value) => SpecText.AssertClean(Policy($"maxUnavailable: {value}"));

    [Theory]
    [InlineData("{ days: [Sat, Hol], start: \"01:00\", end: \"05:00\" }", "GR301 8:23")]
    [InlineData("{ days: [Sat, Sonntag], start: \"01:00\", end: \"05:00\" }", "GR301 8:23")]
    [InlineData("{ days: [], start: \"01:00\", end: \"05:00\" }", "GR301 8:17")]
    [InlineData("{ days: [Sat, [Sun]], start: \"01:00\", end: \"05:00\" }", "GR301 8:23")]
    public void WindowDaysInvalid_ReportGR301(string window, string expected) =>
        Assert.Equal([expected], SpecText.Positions(SpecText.Check(Window(window))));

    [Fact]
    public void WindowDayMisspelt_ReportsGR301WithSuggestion() =>
        Assert.Contains("did you mean 'Thu'?", SpecText.AssertReports("GR301", Window("{ days: [Thr], start: \"01:00\", end: \"05:00\" }")).Message, StringComparison.Ordinal);

    [Fact]
    public void WindowDaysNotAList_ReportsGR013Once()
    {
        // Reported once as the wrong type, not twice plus "days is empty".
        Assert.Equal(["GR013 8:17"], SpecText.Positions(SpecText.Check(Window("{ days: Sat, start: \"01:00\", end: \"05:00\" }"))));
    }

    [Theory]
    [InlineData("[Sat, Sun]")]
    [InlineData("[Mon, Tue, Wed, Thu, Fri, Sat, Sun]")]
    [InlineData("[saturday, SUNDAY]")]
    [InlineData("[Sat, Saturday]")]
    public void WindowDaysValid_AreNotGR301(string days) =>
        SpecText.AssertClean(Window($"{{ days: {days}, start: \"01:00\", end: \"05:00\" }}"));

    [Theory]
    [InlineData("start: \"1:00\", end: \"05:00\"", "GR302 8:31")]
    [InlineData("start: \"25:00\", end: \"05:00\"", "GR302 8:31")]
    [InlineData("start: 1am, end: \"05:00\"", "GR302 8:31")]
    [InlineData("start: \"01:00:00\", end: \"05:00\"", "GR302 8:31")]
    [InlineData("start: \"01:00\", end: \"5\"", "GR302 8:45")]
    public void WindowTimeNotHHmm_ReportsGR302(string times, string expected) =>
        Assert.Equal([expected], SpecText.Positions(SpecText.Check(Window($"{{ days: [Sat], {times} }}"))));

    [Theory]
    [InlineData("start: \"01:00\", end: \"05:00\"")]
    [InlineData("start: 01:00, end: 05:00")]
    [InlineData("start: \"22:00\", end: \"06:00\"")]
    [InlineData("start: \"00:00\", end: \"24:00\"")]
    public void WindowTimeHHmm_IsNotGR302(string times) => SpecText.AssertClean(Window($"{{ days: [Sat], {times} }}"));

    [Theory]
    [InlineData("Europe/Berlim")]
    [InlineData("CEST")]
    [InlineData("GMT+1")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("Local")]
    public void UnknownTimeZone_ReportsGR303(string zone) =>
        Assert.Equal(["GR303 8:64"], SpecText.Positions(SpecText.Check(Window($"{{ days: [Sat], start: \"01:00\", end: \"05:00\", timeZone: {zone} }}"))));

    [Theory]
    [InlineData("Europe")]
    [InlineData("America")]
    public void TimeZoneNamingAZoneFolder_ReportsGR303NotACrash(string zone)
    {
        // On Linux the lookup opens /usr/share/zoneinfo/<zone>, a folder, and throws SecurityException.
        Assert.Equal(["GR303"], SpecText.Codes(Window($"{{ days: [Sat], start: \"01:00\", end: \"05:00\", timeZone: {zone} }}")));
    }

    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("UTC")]
    [InlineData("Asia/Kolkata")]
    public void IanaTimeZone_IsNotGR303(string zone) =>
        SpecText.AssertClean(Window($"{{ days: [Sat], start: \"01:00\", end: \"05:00\", timeZone: {zone} }}"));

    [Fact]
    public void WindowOpeningAndClosingAtOnce_ReportsGR304AtEnd() =>
        Assert.Equal(["GR304 8:45"], SpecText.Positions(SpecText.Check(Window("{ days: [Sat], start: \"02:00\", end: \"02:00\" }"))));

    [Theory]
    [InlineData("\"02:00\", end: \"02:01\"")]
    [InlineData("\"23:00\", end: \"01:00\"")]
    public void WindowOfSomeLength_IsNotGR304(string times) => SpecText.AssertClean(Window($"{{ days: [Sat], start: {times} }}"));

    [Theory]
    [InlineData("0s")]
    [InlineData("0m")]
    [InlineData("25h")]
    [InlineData("2000m")]
    public void ShutdownTimeoutOutOfRange_ReportsGR305(string timeout) =>
        Assert.Equal(["GR305 7:26"], SpecText.Positions(SpecText.Check(Policy($"shutdown: {{ timeout: {timeout} }}"))));

    [Theory]
    [InlineData("1s")]
    [InlineData("90s")]
    [InlineData("24h")]
    public void ShutdownTimeoutInRange_IsNotGR305(string timeout) => SpecText.AssertClean(Policy($"shutdown: {{ timeout: {timeout} }}"));

    [Theory]
    [InlineData("0s")]
    [InlineData("25h")]
    public void HealthTimeoutOutOfRange_ReportsGR306(string timeout) =>
        Assert.Equal(["GR306 7:24"], SpecText.Positions(SpecText.Check(Policy($"health: {{ timeout: {timeout} }}"))));

    [Theory]
    [InlineData("30s")]
    [InlineData("10m")]
    [InlineData("24h")]
    public void HealthTimeoutInRange_IsNotGR306(string timeout) => SpecText.AssertClean(Policy($"health: {{ timeout: {timeout} }}"));

    [Fact]
    public void HealthTimeoutNotADuration_ReportsGR018WhereItIsWritten() =>
        Assert.Equal(["GR018 7:24"], SpecText.Positions(SpecText.Check(Policy("health: { timeout: 600 }"))));
}
