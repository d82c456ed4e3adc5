using System.Xml.Linq;
using Reconciler.HyperV.Fake;
using Reconciler.HyperV.Tests.WsMan;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;
using Reconciler.Spec;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>
/// Writes are made as Windows makes them: read the instance, change the property, write it back
/// whole (hyperv-evidence.md claims 2, 13, 30), and the failures that say nothing useful say so (E4, E7).
/// </summary>
public sealed class WholeInstanceWriteTests
{
    [Fact]
    public async Task SetPartitionCount_PutsTheWholeInstanceAsRead_WithOnlyPartitionCountChanged()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        await cluster.Provider.SetPartitionCountAsync("hv-01", Worlds.Gpu2, 4, CancellationToken.None);

        var put = Assert.Single(cluster.Server.Requests, r => r.Action == PutAction).Body!;
        Assert.Equal("4", put.Elements().Single(e => e.Name.LocalName == "PartitionCount").Value);
        Assert.Contains(put.Elements(), e => e.Name.LocalName == "ValidPartitionCounts");
        Assert.Contains(put.Elements(), e => e.Name.LocalName == "TotalVRAM");
        Assert.Equal(4, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Hosts[0].Gpus.Single(g => g.LocationPath == Worlds.Gpu2).PartitionCount);
    }

    [Fact]
    public async Task Put_OfPartOfAnInstance_IsRefusedByTheFake()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var uri = ClassUri(Virtualization, "Msvm_PartitionableGpu");
        var gpuName = (await cluster.Provider.ObserveAsync(CancellationToken.None)).Hosts[0].Gpus[0].InstancePath.Replace('\\', '#');
        XNamespace p = uri;
        var body = new XElement(p + "Msvm_PartitionableGpu", new XElement(p + "CreationClassName", "Msvm_PartitionableGpu"),
            new XElement(p + "Name", $@"\\?\{gpuName}#{FakeIds.InterfaceGuid}"), new XElement(p + "PartitionCount", "4"));

        var (status, envelope) = await RawWinRm.SendAsync(cluster.Server, RawWinRm.Envelope(uri, PutAction, body,
            [new("CreationClassName", "Msvm_PartitionableGpu"), new("Name", $@"\\?\{gpuName}#{FakeIds.InterfaceGuid}")]).ToString());

        Assert.NotEqual(200, status);
        Assert.Equal(FaultCodes.SchemaValidation, RawWinRm.FaultCode(envelope));
    }

    [Fact]
    public async Task SetMmio_SendsTheWholeRealizedSettings()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        await cluster.Provider.SetMmioAsync("hv-01", "idle-1", ByteSize.FromGiB(3), ByteSize.FromGiB(33), CancellationToken.None);

        var request = Assert.Single(cluster.Server.Requests, r => r.Action.EndsWith("/ModifySystemSettings", StringComparison.Ordinal));
        var settings = CimXmlInstance.TryParse(request.Body!.Elements().Single().Value)!;
        Assert.Equal(FakeIds.Vm("idle-1"), settings.Value("VirtualSystemIdentifier"));
        Assert.Equal("Microsoft:Hyper-V:System:Realized", settings.Value("VirtualSystemType"));
        Assert.Equal("3", settings.Value("AutomaticShutdownAction"));
        Assert.Equal("3072", settings.Value("LowMmioGapSize"));
    }

    [Fact]
    public async Task SetOfflineAction_FindsARenamedResourceByItsVmId_AndWritesPrivatePropertiesBackWhole()
    {
        var options = new FakeOptions();
        options.ClusterResourceNames["busy"] = "SCVMM busy Resource";
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        await cluster.Provider.SetOfflineActionAsync("busy", OfflineAction.ForceShutdown, CancellationToken.None);

        var put = Assert.Single(cluster.Server.Requests, r => r.Action == PutAction);
        Assert.Contains("SCVMM busy Resource", put.Envelope.Descendants(Wsm + "Selector").Select(s => s.Value));
        var properties = put.Body!.Elements().Single(e => e.Name.LocalName == "PrivateProperties");
        Assert.Equal(["CheckHeartbeat", "OfflineAction", "VmID"], properties.Elements().Select(e => e.Name.LocalName).Order());
        Assert.Equal(OfflineAction.ForceShutdown, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("busy")!.OfflineAction);
    }

    [Fact]
    public async Task Method_Returning4096WithoutAJobReference_SaysSoInsteadOfAnUnknownCode()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { OmitJobReference = true });

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None));

        Assert.Equal(MethodRunner.JobReferenceMissingCode, error.Code);
        Assert.Contains("no readable Job reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown code", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2150859173L, "w:QuotaLimit")]
    [InlineData(2150859174L, "w:InternalError")]
    public void QuotaFaults_AreTransient(long code, string subcode)
    {
        var reply = FakeSoap.Fault("uuid:1", "s:Receiver", subcode, code, "The WS-Management service cannot process the request. This user is allowed a maximum number of concurrent operations, which has been exceeded.", "hv-01");

        var fault = WsManException.FromFault(reply.Envelope!, 500)!;

        Assert.True(fault.IsTransient);
        Assert.Equal(code, fault.Code);
    }
}
