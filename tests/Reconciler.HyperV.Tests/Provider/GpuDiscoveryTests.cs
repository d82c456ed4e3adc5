using System.Xml.Linq;
using Reconciler.HyperV.Tests.WsMan;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>
/// GPUs are found as Windows shows them: GPU-P ones in Msvm_PartitionableGpu, dismounted ones in
/// Msvm_PciExpress (twice once assigned), mounted ones of any kind among the display adapters, and
/// every mounted GPU's location path from PnP (hyperv-evidence.md claims 4, 18, 23).
/// </summary>
public sealed class GpuDiscoveryTests
{
    private const string Gpu3 = "PCIROOT(0)#PCI(0300)#PCI(0000)";

    [Fact]
    public async Task Enumerate_OnAHostWhoseGpusAreAllPartitioned_ListsNoPciExpressButEachPartitionableGpu()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        var pci = await EnumerateAsync(cluster, "SELECT * FROM Msvm_PciExpress");
        var partitionable = await EnumerateAsync(cluster, "SELECT * FROM Msvm_PartitionableGpu");

        Assert.Empty(pci);
        Assert.Equal(2, partitionable.Count);
    }

    [Fact]
    public async Task Observe_AGpuAssignedToAVm_HasTwoPciExpressEntries_AndIsReportedOnce()
    {
        await using var cluster = await FakeCluster.StartAsync(World("""
            - { model: NVIDIA L4, locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: dda }
            """, """
            - { name: infer, state: Off, ddaDevice: "PCIROOT(0)#PCI(0300)#PCI(0000)" }
            """));

        var pci = await EnumerateAsync(cluster, "SELECT * FROM Msvm_PciExpress");
        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal(2, pci.Count);
        Assert.Single(pci.Select(p => p.Elements().Single(e => e.Name.LocalName == "LocationPath").Value).Distinct());
        var gpu = Assert.Single(observed.Hosts[0].Gpus, g => g.LocationPath == Gpu3);
        Assert.Equal(GpuStatus.Dismounted, gpu.Status);
        Assert.Equal(new DdaDevice(Gpu3, null), Assert.Single(observed.Vm("infer")!.DdaDevices));
    }

    [Fact]
    public async Task Dismount_AMountedGpuThatIsNeitherGpuPNorDda_IsFoundAndSent()
    {
        await using var cluster = await FakeCluster.StartAsync(World("""
            - { model: NVIDIA L4, locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: notAssignable }
            """, ""));

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<Reconciler.Providers.ProviderException>(() => cluster.Provider.DismountGpuAsync("hv-01", Gpu3, CancellationToken.None));

        Assert.Equal(GpuStatus.NotAssignable, Assert.Single(observed.Hosts[0].Gpus).Status);
        Assert.Equal("NVIDIA L4", observed.Hosts[0].Gpus[0].Model);
        // The host, not the provider, refuses it: the dismount was sent for the location path PnP gave.
        Assert.Contains(cluster.Server.Requests, r => r.Action.EndsWith("/DismountAssignableDevice", StringComparison.Ordinal));
        Assert.DoesNotContain("no GPU at location path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_AnUnpinnedRunningPartition_ResolvesToItsGpuThroughPnpChildren()
    {
        await using var cluster = await FakeCluster.StartAsync(World("""
            - { model: NVIDIA A16, locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: partitioned, partitionCount: 2 }
            """, """
            - { name: vdi, state: Running, gpuPartition: {} }
            """));

        var realized = await EnumerateAsync(cluster, "SELECT * FROM Msvm_GpuPartition");
        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        var device = Assert.Single(realized).Elements().Single(e => e.Name.LocalName == "DeviceInstancePath").Value;
        Assert.NotEqual(observed.Hosts[0].Gpus[0].InstancePath, device);
        Assert.Equal(new PartitionAdapter(Gpu3, false, PartitionSettings.None), observed.Vm("vdi")!.Partition);
    }

    private static string World(string gpus, string vms) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus:
        {{Indent(gpus, 8)}}
              vms:
        {{Indent(vms, 8)}}
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => new string(' ', spaces) + l.Trim()));

    private static async Task<List<XElement>> EnumerateAsync(FakeCluster cluster, string wql)
    {
        var body = new XElement(WsManNames.Enumeration + "Enumerate",
            new XElement(WsManNames.Wsm + "OptimizeEnumeration"),
            new XElement(WsManNames.Wsm + "MaxElements", "100"),
            new XElement(WsManNames.Wsm + "Filter", new XAttribute("Dialect", WsManNames.WqlDialect), wql));
        var (status, envelope) = await RawWinRm.SendAsync(cluster.Server,
            RawWinRm.Envelope(WsManNames.WildcardUri(WsManNames.Virtualization), WsManNames.EnumerateAction, body).ToString());
        Assert.Equal(200, status);
        return envelope!.Descendants(WsManNames.Wsm + "Items").Single().Elements().ToList();
    }
}
