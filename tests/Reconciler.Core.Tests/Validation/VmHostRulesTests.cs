namespace Reconciler.Tests.Validation;

/// <summary>GR200, GR214: every VM names a declared host; only pool VMs may leave placement to the cluster.</summary>
public class VmHostRulesTests
{
    [Fact]
    public void VmOnUndeclaredHost_ReportsGR200WithSuggestion()
    {
        var d = Assert.Single(SpecText.Check("""
            hosts: [ { name: hv-01 } ]
            vms: [ { name: vm-01, host: hv-10 } ]
            """));

        Assert.Equal("GR200 7:31", SpecText.Positions([d])[0]);
        Assert.Contains("did you mean 'hv-01'?", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hv-01")]
    [InlineData("HV-01")]
    public void VmOnDeclaredHost_IsNotGR200(string host) => SpecText.AssertClean($"hosts: [ {{ name: hv-01 }} ]\nvms: [ {{ name: vm-01, host: {host} }} ]\n");

    [Theory]
    [InlineData("")]
    [InlineData(", gpu: { partition: {} }")]
    [InlineData(", gpu: { dda: { locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\" } }")]
    public void VmWithoutHost_ReportsGR214(string gpu) =>
        Assert.Equal(["GR214 7:10"], SpecText.Positions(SpecText.Check($"hosts: [ {{ name: hv-01 }} ]\nvms: [ {{ name: vm-01{gpu} }} ]\n")));

    [Fact]
    public void PoolVmWithoutHost_IsNotGR214() => SpecText.AssertClean("""
        hosts: [ { name: hv-01, gpus: [ { model: NVIDIA L40S, mode: dda, pool: inference } ] } ]
        vms: [ { name: vm-01, gpu: { dda: { pool: inference } } } ]
        """);
}
