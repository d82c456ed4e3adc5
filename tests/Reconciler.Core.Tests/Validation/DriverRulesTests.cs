using Reconciler.Diagnostics;

namespace Reconciler.Tests.Validation;

/// <summary>GR400-GR403, GR410: vGPU driver versions and GPU-P guest operating systems.</summary>
public class DriverRulesTests
{
    private static string Spec(string hostDriver, string guestDriver, string guestOs = "Windows 11") =>
        $"hosts: [ {{ name: hv-01, drivers: {{ host: \"{hostDriver}\" }}, gpus: [ {{ model: NVIDIA L4, count: 1, partitionCount: 4 }} ] }} ]\n" +
        $"vms:\n  - {{ name: vm-01, host: hv-01, gpu: {{ partition: {{}} }}, guestOs: {guestOs}, drivers: {{ guest: \"{guestDriver}\" }} }}\n";

    [Theory]
    [InlineData("580")]
    [InlineData("R580")]
    [InlineData("580.88.1.2")]
    [InlineData("58.88")]
    [InlineData("580.x")]
    [InlineData("latest")]
    public void MalformedGuestDriver_ReportsGR400(string version) =>
        Assert.Equal(["GR400 8:98"], SpecText.Positions(SpecText.Check(Spec("580.86", version))));

    [Fact]
    public void MalformedHostDriver_ReportsGR400() =>
        Assert.Equal(["GR400 6:44"], SpecText.Positions(SpecText.Check(Spec("580-86", "580.88"))));

    [Theory]
    [InlineData("580.88")]
    [InlineData("580.65.06")]
    [InlineData("580.105.08")]
    public void WellFormedDriver_IsNotGR400(string version) => SpecText.AssertClean(Spec("580.86", version));

    [Theory]
    [InlineData("570.124", "580.88")]
    [InlineData("550.90", "580.88")]
    [InlineData("580.86", "590.10")]
    public void GuestDriverOfNewerBranch_ReportsGR401(string host, string guest) =>
        Assert.Equal(["GR401 8:89"], SpecText.Positions(SpecText.Check(Spec(host, guest))));

    [Theory]
    [InlineData("580.86", "580.88")]
    [InlineData("580.86", "580.65.06")]
    [InlineData("580.86", "570.124")]
    [InlineData("535.104", "525.85")]
    public void GuestDriverSameOrPreviousBranch_IsNotGR401OrGR402(string host, string guest) => SpecText.AssertClean(Spec(host, guest));

    [Theory]
    [InlineData("580.86", "550.90", "use branch 570 or 580")]
    [InlineData("580.86", "470.82", "use branch 570 or 580")]
    [InlineData("535.104", "510.47", "use branch 525 or 535")]
    public void GuestDriverTwoBranchesBehind_ReportsGR402(string host, string guest, string advice)
    {
        var d = Assert.Single(SpecText.Check(Spec(host, guest)));

        Assert.Equal("GR402 8:89", SpecText.Positions([d])[0]);
        Assert.Contains(advice, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("580.86", "560.10", "driver branch 560 is not in the catalog")]
    [InlineData("590.10", "580.88", "driver branch 590 is not in the catalog")]
    public void DriverBranchNotInCatalog_ReportsGR403Warning(string host, string guest, string message)
    {
        var d = Assert.Single(SpecText.Check(Spec(host, guest)));

        Assert.Equal("GR403", d.Code.Id);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DriversOnDdaVm_AreNotChecked()
    {
        // DDA guests run the regular (not vGPU) driver, so the vGPU pairing rules do not apply.
        SpecText.AssertClean("""
            hosts: [ { name: hv-01, drivers: { host: "580.86" }, gpus: [ { locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: dda } ] } ]
            vms:
              - { name: vm-01, host: hv-01, gpu: { dda: { locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)" } }, drivers: { guest: "560.10" } }
            """);
    }

    [Theory]
    [InlineData("Windows Server 2016")]
    [InlineData("Windows Server 2012 R2")]
    [InlineData("Windows 8.1")]
    [InlineData("Ubuntu 24.04")]
    [InlineData("Ubuntu 16.04 LTS")]
    [InlineData("Rocky Linux 9")]
    [InlineData("RHEL 9.4")]
    [InlineData("Win11")]
    public void UnsupportedGuestOs_ReportsGR410Warning(string os)
    {
        var d = Assert.Single(SpecText.Check(Spec("580.86", "580.88", os)));

        Assert.Equal("GR410 8:68", SpecText.Positions([d])[0]);
        Assert.Equal(Severity.Warning, d.Severity);
    }

    [Theory]
    [InlineData("Windows 10")]
    [InlineData("Windows 11 Enterprise multi-session")]
    [InlineData("windows 11")]
    [InlineData("Windows Server 2019")]
    [InlineData("Windows Server 2025 Datacenter")]
    [InlineData("Ubuntu 18.04")]
    [InlineData("Ubuntu 22.04 LTS")]
    [InlineData("Ubuntu 22.04.4")]
    public void SupportedGuestOs_IsNotGR410(string os) => SpecText.AssertClean(Spec("580.86", "580.88", os));

    [Fact]
    public void GuestOsOfVmWithoutPartition_IsNotGR410() => SpecText.AssertClean("""
        hosts: [ { name: hv-01 } ]
        vms: [ { name: vm-01, host: hv-01, guestOs: Windows Server 2012 R2 } ]
        """);
}
