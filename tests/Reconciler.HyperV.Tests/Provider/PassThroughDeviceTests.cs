using Reconciler.HyperV.Fake;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>Passed-through PCIe devices that are not GPUs (NVMe, NICs) are none of the reconciler's business.</summary>
public sealed class PassThroughDeviceTests
{
    private const string Nvme = "PCIROOT(0)#PCI(0300)#PCI(0000)";

    [Fact]
    public async Task Observe_IgnoresAPassedThroughNvme_NeitherAsTheVmsDdaDeviceNorAsAHostGpu()
    {
        var options = new FakeOptions();
        options.PassThroughDevices.Add(new FakePassThrough("hv-01", "idle-1", Nvme, @"PCIP\VEN_144D&DEV_A80A\3&11583659&0&0018", "Samsung NVMe SSD Controller PM9A3"));
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Empty(observed.Vm("idle-1")!.DdaDevices);
        Assert.Equal(new[] { Worlds.Gpu1, Worlds.Gpu2 }, observed.Hosts[0].Gpus.Select(g => g.LocationPath));
    }

    [Fact]
    public async Task Observe_KeepsADdaGpuBesideAPassedThroughNvme()
    {
        var options = new FakeOptions();
        options.PassThroughDevices.Add(new FakePassThrough("hv-01", "idle-1", Nvme, @"PCIP\VEN_144D&DEV_A80A\3&11583659&0&0018", "Samsung NVMe SSD Controller PM9A3"));
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);
        await cluster.Provider.DismountGpuAsync("hv-01", Worlds.Gpu2, CancellationToken.None);
        await cluster.Provider.AddDdaDeviceAsync("hv-01", "idle-1", new Reconciler.Observed.DdaDevice(Worlds.Gpu2, null), CancellationToken.None);

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal(new[] { new Reconciler.Observed.DdaDevice(Worlds.Gpu2, null) }, observed.Vm("idle-1")!.DdaDevices);
    }
}
