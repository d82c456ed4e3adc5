using System.Xml.Linq;
using Reconciler.HyperV.Fake;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Tests.WsMan;

/// <summary>Each kind of request the provider sends, checked against the shape wsman.md documents.</summary>
public sealed class EnvelopeTests : IAsyncLifetime
{
    private const string V2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2";
    private FakeCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeCluster.StartAsync(Worlds.Lab());

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private List<FakeRequest> Requests(string action) => _cluster.Server.Requests.Where(r => r.Action == action).ToList();

    private static XElement Header(FakeRequest request) => request.Envelope.Root!.Element(Soap + "Header")!;

    private static IReadOnlyList<KeyValuePair<string, string>> Selectors(FakeRequest request) =>
        EndpointReference.ReadSelectors(Header(request).Element(Wsm + "SelectorSet"));

    [Fact]
    public async Task EveryRequest_CarriesTheCommonHeaderBlockAndSoapContentType()
    {
        await _cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.All(_cluster.Server.Requests, request =>
        {
            var header = Header(request);
            Assert.Matches(@"^application/soap\+xml; ?charset=UTF-8$", request.ContentType);
            Assert.StartsWith("https://127.0.0.1:", header.Element(Addressing + "To")!.Value, StringComparison.Ordinal);
            Assert.Equal(Anonymous, header.Element(Addressing + "ReplyTo")!.Element(Addressing + "Address")!.Value);
            Assert.Equal("true", (string?)header.Element(Addressing + "Action")!.Attribute(Soap + "mustUnderstand"));
            Assert.Equal("true", (string?)header.Element(Wsm + "ResourceURI")!.Attribute(Soap + "mustUnderstand"));
            Assert.Equal("512000", header.Element(Wsm + "MaxEnvelopeSize")!.Value);
            Assert.Matches("^uuid:[0-9A-F-]{36}$", header.Element(Addressing + "MessageID")!.Value);
            Assert.Equal("PT30S", header.Element(Wsm + "OperationTimeout")!.Value);
            Assert.Equal("en-US", (string?)header.Element(Wsm + "Locale")!.Attribute(XNamespace.Xml + "lang"));
        });
    }

    [Fact]
    public async Task Enumerate_SendsWqlOnTheNamespaceWildcardWithOptimizeAndMaxElementsInOrder()
    {
        await _cluster.Provider.ObserveAsync(CancellationToken.None);

        var enumerations = Requests(EnumerateAction);
        Assert.NotEmpty(enumerations);
        Assert.All(enumerations, request =>
        {
            Assert.EndsWith("/*", Header(request).Element(Wsm + "ResourceURI")!.Value, StringComparison.Ordinal);
            var body = request.Body!;
            Assert.Equal(Enumeration + "Enumerate", body.Name);
            Assert.Equal(new[] { Wsm + "OptimizeEnumeration", Wsm + "MaxElements", Wsm + "Filter" }, body.Elements().Select(e => e.Name));
            Assert.Equal("512", body.Element(Wsm + "MaxElements")!.Value);
            Assert.Equal(WqlDialect, (string?)body.Element(Wsm + "Filter")!.Attribute("Dialect"));
            Assert.StartsWith("SELECT * FROM ", body.Element(Wsm + "Filter")!.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AddResourceSettings_SendsABareReferenceAndCimXmlWithTheGpuObjectPath()
    {
        await _cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, PartitionSettings.None with { MinVram = 8UL << 30 }, CancellationToken.None);

        var request = Assert.Single(Requests($"{V2}/Msvm_VirtualSystemManagementService/AddResourceSettings"));
        Assert.Equal([new KeyValuePair<string, string>("CreationClassName", "Msvm_VirtualSystemManagementService")], Selectors(request));
        XNamespace p = $"{V2}/Msvm_VirtualSystemManagementService";
        var body = request.Body!;
        Assert.Equal(p + "AddResourceSettings_INPUT", body.Name);
        Assert.Equal(new[] { "AffectedConfiguration", "ResourceSettings" }, body.Elements().Select(e => e.Name.LocalName));
        var reference = body.Element(p + "AffectedConfiguration")!;
        Assert.Null(reference.Element(Addressing + "EndpointReference"));
        Assert.Equal($"{V2}/Msvm_VirtualSystemSettingData", reference.Element(Addressing + "ReferenceParameters")!.Element(Wsm + "ResourceURI")!.Value);
        Assert.Equal(FakeIds.SystemSettings("idle-1"), reference.Descendants(Wsm + "Selector").Single(s => (string?)s.Attribute("Name") == "InstanceID").Value);

        var settings = body.Element(p + "ResourceSettings")!;
        Assert.IsType<XCData>(Assert.Single(settings.Nodes()));
        var instance = CimXmlInstance.TryParse(settings.Value)!;
        Assert.Equal("Msvm_GpuPartitionSettingData", instance.ClassName);
        Assert.Null(instance.Value("InstanceID"));
        Assert.Equal("Microsoft:Hyper-V:GPU Partition", instance.Value("ResourceSubType"));
        Assert.Equal((8UL << 30).ToString(System.Globalization.CultureInfo.InvariantCulture), instance.Value("MinPartitionVRAM"));
        var hostResource = Assert.Single(instance.Properties, x => x.Name == "HostResource");
        Assert.True(hostResource.IsArray);
        Assert.StartsWith(@"\\hv-01\root\virtualization\v2:Msvm_PartitionableGpu.CreationClassName=""Msvm_PartitionableGpu"",Name=""\\\\?\\PCI#", hostResource.Values[0], StringComparison.Ordinal);
        Assert.Contains("<PROPERTY.ARRAY NAME=\"HostResource\" TYPE=\"string\"><VALUE.ARRAY><VALUE>", settings.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestStateChange_TargetsTheVmByNameAndCreationClassName_AndPollsTheJobByInstanceId()
    {
        await _cluster.Provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None);

        var request = Assert.Single(Requests($"{V2}/Msvm_ComputerSystem/RequestStateChange"));
        Assert.Equal($"{V2}/Msvm_ComputerSystem", Header(request).Element(Wsm + "ResourceURI")!.Value);
        Assert.Contains(new KeyValuePair<string, string>("CreationClassName", "Msvm_ComputerSystem"), Selectors(request));
        Assert.Contains(new KeyValuePair<string, string>("Name", FakeIds.Vm("idle-1")), Selectors(request));
        XNamespace p = $"{V2}/Msvm_ComputerSystem";
        Assert.Equal("2", request.Body!.Element(p + "RequestedState")!.Value);

        var poll = Requests(GetAction).First();
        Assert.Equal($"{V2}/Msvm_ConcreteJob", Header(poll).Element(Wsm + "ResourceURI")!.Value);
        Assert.Equal("InstanceID", Assert.Single(Selectors(poll)).Key);
        Assert.Empty(poll.Body?.Elements() ?? []);
    }

    [Fact]
    public async Task InitiateShutdown_NamesTheComponentByItsFourKeys()
    {
        await _cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(1), CancellationToken.None);

        var request = Assert.Single(Requests($"{V2}/Msvm_ShutdownComponent/InitiateShutdown"));
        Assert.Equal(new[] { "CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName" }, Selectors(request).Select(s => s.Key));
        XNamespace p = $"{V2}/Msvm_ShutdownComponent";
        Assert.Equal(new[] { "Force", "Reason" }, request.Body!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(p, request.Body.Name.Namespace);
    }

    [Fact]
    public async Task SetPartitionCount_PutsThePartitionableGpuWithItsKeys()
    {
        await _cluster.Provider.SetPartitionCountAsync("hv-01", Worlds.Gpu2, 4, CancellationToken.None);

        var request = Assert.Single(Requests(PutAction));
        Assert.Equal($"{V2}/Msvm_PartitionableGpu", Header(request).Element(Wsm + "ResourceURI")!.Value);
        Assert.Equal(new[] { "CreationClassName", "Name" }, Selectors(request).Select(s => s.Key));
        XNamespace p = $"{V2}/Msvm_PartitionableGpu";
        Assert.Equal(p + "Msvm_PartitionableGpu", request.Body!.Name);
        Assert.Equal("4", request.Body.Element(p + "PartitionCount")!.Value);
    }

    [Fact]
    public async Task RemoveResourceSettings_SendsTheAdapterAsAReferenceArray()
    {
        await _cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(1), CancellationToken.None);
        await _cluster.Provider.RemovePartitionAdapterAsync("hv-01", "busy", CancellationToken.None);

        var request = Assert.Single(Requests($"{V2}/Msvm_VirtualSystemManagementService/RemoveResourceSettings"));
        XNamespace p = $"{V2}/Msvm_VirtualSystemManagementService";
        var reference = Assert.Single(request.Body!.Elements(p + "ResourceSettings"));
        Assert.Equal($"{V2}/Msvm_GpuPartitionSettingData", reference.Element(Addressing + "ReferenceParameters")!.Element(Wsm + "ResourceURI")!.Value);
        Assert.Equal(FakeIds.Partition("busy"), reference.Descendants(Wsm + "Selector").Single().Value);
    }

    [Fact]
    public async Task ModifySystemSettings_SendsMmioInMegabytesAsCimXml()
    {
        await _cluster.Provider.SetMmioAsync("hv-01", "idle-1", Reconciler.Spec.ByteSize.FromGiB(3), Reconciler.Spec.ByteSize.FromGiB(33), CancellationToken.None);

        var request = Assert.Single(Requests($"{V2}/Msvm_VirtualSystemManagementService/ModifySystemSettings"));
        var instance = CimXmlInstance.TryParse(request.Body!.Elements().Single().Value)!;
        Assert.Equal("Msvm_VirtualSystemSettingData", instance.ClassName);
        Assert.Equal(FakeIds.SystemSettings("idle-1"), instance.Value("InstanceID"));
        Assert.Equal("3072", instance.Value("LowMmioGapSize"));
        Assert.Equal("33792", instance.Value("HighMmioGapSize"));
    }

    [Fact]
    public async Task DdaAndPoolCalls_SendCimXmlSettingsAndBareReferencesToTheDevice()
    {
        var provider = _cluster.Provider;
        await provider.DismountGpuAsync("hv-01", Worlds.Gpu2, CancellationToken.None);
        await provider.CreatePoolAsync("hv-01", "inference", CancellationToken.None);
        await provider.AddGpuToPoolAsync("hv-01", "inference", Worlds.Gpu2, CancellationToken.None);
        await provider.RemoveGpuFromPoolAsync("hv-01", "inference", Worlds.Gpu2, CancellationToken.None);
        await provider.MountGpuAsync("hv-01", Worlds.Gpu2, CancellationToken.None);

        var dismount = Assert.Single(Requests($"{V2}/Msvm_AssignableDeviceService/DismountAssignableDevice"));
        Assert.Equal([new KeyValuePair<string, string>("CreationClassName", "Msvm_AssignableDeviceService")], Selectors(dismount));
        var settings = CimXmlInstance.TryParse(dismount.Body!.Elements().Single().Value)!;
        Assert.Equal("Msvm_AssignableDeviceDismountSettingData", settings.ClassName);
        Assert.Equal(Worlds.Gpu2, settings.Value("DeviceLocationPath"));
        Assert.StartsWith(@"PCI\VEN_10DE", settings.Value("DeviceInstancePath"), StringComparison.Ordinal);
        Assert.Contains("<PROPERTY NAME=\"RequireAcsSupport\" TYPE=\"boolean\"><VALUE>true</VALUE></PROPERTY>", dismount.Body.Elements().Single().Value, StringComparison.Ordinal);

        var modify = Requests($"{V2}/Msvm_ResourcePoolConfigurationService/ModifyPoolResources");
        Assert.Equal(2, modify.Count);
        Assert.Equal(new[] { "ChildPool", "ParentPools", "AllocationSettings" }, modify[0].Body!.Elements().Select(e => e.Name.LocalName));
        var added = CimXmlInstance.TryParse(modify[0].Body!.Elements().Last().Value)!;
        Assert.Equal(HostViewPath(Worlds.Gpu2), Assert.Single(added.Values("HostResource")));
        Assert.Empty(CimXmlInstance.TryParse(modify[1].Body!.Elements().Last().Value)!.Values("HostResource"));

        var mount = Assert.Single(Requests($"{V2}/Msvm_AssignableDeviceService/MountAssignableDevice"));
        var device = mount.Body!.Elements().Single();
        Assert.Null(device.Element(Addressing + "EndpointReference"));
        Assert.Equal(new[] { "CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName" },
            device.Descendants(Wsm + "Selector").Select(s => (string?)s.Attribute("Name")));
    }

    [Fact]
    public async Task SetOfflineAction_PutsTheClusterResourceInRootMsCluster()
    {
        await _cluster.Provider.SetOfflineActionAsync("busy", Reconciler.Spec.OfflineAction.ForceShutdown, CancellationToken.None);

        var request = Assert.Single(Requests(PutAction));
        const string uri = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/MSCluster/MSCluster_Resource";
        Assert.Equal(uri, Header(request).Element(Wsm + "ResourceURI")!.Value);
        Assert.Equal([new KeyValuePair<string, string>("Name", "Virtual Machine busy")], Selectors(request));
        XNamespace p = uri;
        Assert.Equal("3", request.Body!.Element(p + "PrivateProperties")!.Element(p + "OfflineAction")!.Value);
    }

    private static string HostViewPath(string locationPath) =>
        WmiPath.Format("hv-01", "Msvm_PciExpress",
            ("CreationClassName", "Msvm_PciExpress"),
            ("DeviceID", FakeIds.PciDevice("hv-01", locationPath)),
            ("SystemCreationClassName", "Msvm_ComputerSystem"),
            ("SystemName", "hv-01"));
}
