using Reconciler.Spec;

namespace Reconciler.Tests.Spec;

public class ValueTypeTests
{
    [Theory]
    [InlineData("4GiB", 4UL * 1024 * 1024 * 1024)]
    [InlineData("4 GiB", 4UL * 1024 * 1024 * 1024)]
    [InlineData("1.5GiB", 1536UL * 1024 * 1024)]
    [InlineData("512MiB", 512UL * 1024 * 1024)]
    [InlineData("16GB", 16_000_000_000UL)]
    [InlineData("2KB", 2000UL)]
    [InlineData("1TiB", 1024UL * 1024 * 1024 * 1024)]
    [InlineData("4096", 4096UL)]
    [InlineData("10B", 10UL)]
    [InlineData("007GiB", 7UL * 1024 * 1024 * 1024)]
    [InlineData("16777215TiB", 16777215UL * 1024 * 1024 * 1024 * 1024)]
    [InlineData("9999999999999999999B", 9999999999999999999UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void ByteSize_ParsesBinaryAndDecimalUnits(string text, ulong bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var size));
        Assert.Equal(bytes, size.Bytes);
    }

    [Theory]
    [InlineData("4Gb")] // PowerShell's GiB or gigabits: ambiguous, refused
    [InlineData("4gib")]
    [InlineData("4 G")]
    [InlineData("GiB")]
    [InlineData("-1GiB")]
    [InlineData("0.3B")]
    [InlineData("99999999999999999999TiB")]
    [InlineData("16777216TiB")] // 2^64 bytes: one more than a ulong holds
    [InlineData("9999999999999999999KiB")]
    [InlineData("18446744073709551616")]
    [InlineData("")]
    public void ByteSize_RefusesAmbiguousOrMalformedText(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData(4UL * 1024 * 1024 * 1024, "4GiB")]
    [InlineData(1536UL * 1024 * 1024, "1536MiB")]
    [InlineData(1000UL, "1000B")]
    public void ByteSize_ToString_RoundTrips(ulong bytes, string text)
    {
        Assert.Equal(text, new ByteSize(bytes).ToString());
        Assert.True(ByteSize.TryParse(text, out var back));
        Assert.Equal(bytes, back.Bytes);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("2m10s", 130)]
    [InlineData("0s", 0)]
    public void Duration_ParsesHoursMinutesSeconds(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.True(DurationText.TryParse(DurationText.Format(duration), out var back));
        Assert.Equal(duration, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5 minutes")]
    [InlineData("1d")]
    [InlineData("m5")]
    [InlineData("5m1h")]
    [InlineData("-5m")]
    public void Duration_RefusesOtherSpellings(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(1, false, 10, 1)]
    [InlineData(3, false, 2, 3)]
    [InlineData(25, true, 10, 2)]
    [InlineData(25, true, 3, 1)]
    [InlineData(100, true, 7, 7)]
    public void MaxUnavailable_ResolvesPercentagesDownButNeverBelowOne(int value, bool percent, int vms, int budget) =>
        Assert.Equal(budget, new MaxUnavailable(value, percent).Resolve(vms));

    [Theory]
    [InlineData("580.86", 580, 86, null)]
    [InlineData("580.65.06", 580, 65, 6)]
    [InlineData("1010.1", 1010, 1, null)]
    public void DriverVersion_ParsesNvidiaVersions(string text, int major, int minor, int? patch)
    {
        Assert.True(DriverVersion.TryParse(text, out var version));
        Assert.Equal(new DriverVersion(major, minor, patch), version);
    }

    [Theory]
    [InlineData("580")]
    [InlineData("v580.86")]
    [InlineData("58.86")]
    [InlineData("580.86-beta")]
    public void DriverVersion_RefusesOtherText(string text) => Assert.False(DriverVersion.TryParse(text, out _));

    [Fact]
    public void ValueList_ComparesByItems() =>
        Assert.Equal(new[] { 1, 2 }.ToValueList(), new[] { 1, 2 }.ToValueList());
}
