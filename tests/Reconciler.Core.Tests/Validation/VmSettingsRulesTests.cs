namespace Reconciler.Tests.Validation;

/// <summary>GR212, GR213: MMIO within Hyper-V's range; clustered GPU VMs use the forceShutdown offline action.</summary>
public class VmSettingsRulesTests
{
    private static string Vm(string settings, bool failover = false) =>
        $"failoverCluster: {(failover ? "true" : "false")}\nhosts: [ {{ name: hv-01, gpus: [ {{ model: NVIDIA L4, count: 1, partitionCount: 4 }} ] }} ]\n" +
        $"vms:\n  - {{ name: vm-01, host: hv-01, gpu: {{ partition: {{}} }}, {settings} }}\n";

    [Theory]
    [InlineData("mmio: { low: 64MiB }", "GR212 9:72")]
    [InlineData("mmio: { low: 4GiB }", "GR212 9:72")]
    [InlineData("mmio: { low: 3GB }", "GR212 9:72")]
    [InlineData("mmio: { high: 256MiB }", "GR212 9:73")]
    [InlineData("mmio: { high: 33TiB }", "GR212 9:73")]
    [InlineData("mmio: { high: 33GB }", "GR212 9:73")]
    [InlineData("mmio: { low: 1.5MiB }", "GR212 9:72")]
    public void MmioOutsideHyperVRange_ReportsGR212(string settings, string expected) =>
        Assert.Equal([expected], SpecText.Positions(SpecText.Check(Vm(settings))));

    [Fact]
    public void MmioNotWholeMiB_ReportsGR212SayingSo() =>
        Assert.Contains("not a whole number of MiB", SpecText.AssertReports("GR212", Vm("mmio: { low: 3GB }")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("mmio: { low: 128MiB, high: 512MiB }")]
    [InlineData("mmio: { low: 3584MiB, high: 16TiB }")]
    [InlineData("mmio: { low: 3GiB, high: 33280MiB }")]
    [InlineData("mmio: { high: 64GiB }")]
    public void MmioInsideHyperVRange_IsNotGR212(string settings) => SpecText.AssertClean(Vm(settings));

    [Theory]
    [InlineData("save")]
    [InlineData("turnOff")]
    [InlineData("shutdown")]
    public void ClusteredGpuVmWithOtherOfflineAction_ReportsGR213(string action) =>
        Assert.Equal(["GR213 9:74"], SpecText.Positions(SpecText.Check(Vm($"offlineAction: {action}", failover: true))));

    [Fact]
    public void ClusteredGpuVmWithForceShutdown_IsNotGR213() => SpecText.AssertClean(Vm("offlineAction: forceShutdown", failover: true));

    [Fact]
    public void ClusteredGpuVmWithoutOfflineAction_IsNotGR213() => SpecText.AssertClean(Vm("power: running", failover: true));

    [Fact]
    public void StandaloneGpuVmWithSave_IsNotGR213() => SpecText.AssertClean(Vm("offlineAction: save"));

    [Fact]
    public void ClusteredVmWithoutGpu_IsNotGR213() => SpecText.AssertClean("""
        failoverCluster: true
        hosts: [ { name: hv-01 } ]
        vms: [ { name: file-01, host: hv-01, offlineAction: save } ]
        """);
}
