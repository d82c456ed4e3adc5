using System.Xml.Linq;
using Reconciler.HyperV.WsMan;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Tests.WsMan;

/// <summary>The fake refuses malformed requests the way WinRM does, so the client's shapes are really checked.</summary>
public sealed class FakeRejectionTests : IAsyncLifetime
{
    private static readonly string VsmsUri = ClassUri(Virtualization, "Msvm_VirtualSystemManagementService");
    private FakeCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeCluster.StartAsync(Worlds.Lab());

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static XElement Wql(string wql) => Envelope.Enumerate(wql, 10);

    [Fact]
    public async Task WrongContentType_IsRefusedWith415()
    {
        var envelope = RawWinRm.Envelope(WildcardUri(Virtualization), EnumerateAction, Wql("SELECT * FROM Msvm_ComputerSystem"));

        var (status, body) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString(), "text/xml");

        Assert.Equal(415, status);
        Assert.Null(body);
    }

    [Fact]
    public async Task MissingAction_IsAnInvalidHeaderFault()
    {
        var envelope = RawWinRm.Envelope(WildcardUri(Virtualization), EnumerateAction, Wql("SELECT * FROM Msvm_ComputerSystem"));
        envelope.Root!.Element(Soap + "Header")!.Element(Addressing + "Action")!.Remove();

        var (status, body) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(500, status);
        Assert.Equal(FaultCodes.InvalidHeader, RawWinRm.FaultCode(body));
    }

    [Fact]
    public async Task UnknownResourceUri_IsDestinationUnreachable()
    {
        var envelope = RawWinRm.Envelope("http://schemas.microsoft.com/wbem/wsman/1/wmi/root/nowhere/Thing", GetAction, null, [new("Name", "x")]);

        var (_, body) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(FaultCodes.ResourceNotFound, RawWinRm.FaultCode(body));
    }

    [Fact]
    public async Task WqlAgainstAClassUri_CannotProcessFilter()
    {
        var envelope = RawWinRm.Envelope(ClassUri(Virtualization, "Msvm_ComputerSystem"), EnumerateAction, Wql("SELECT * FROM Msvm_ComputerSystem"));

        var (_, body) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(FaultCodes.CannotProcessFilter, RawWinRm.FaultCode(body));
    }

    [Fact]
    public async Task ReferenceWrappedInEndpointReference_IsASchemaValidationError()
    {
        XNamespace p = VsmsUri;
        var reference = new EndpointReference(ClassUri(Virtualization, "Msvm_VirtualSystemSettingData"), [new("InstanceID", "Microsoft:X")]);
        var body = new XElement(p + "RemoveResourceSettings_INPUT",
            new XElement(p + "ResourceSettings", new XElement(Addressing + "EndpointReference", reference.ToParameterContent())));
        var envelope = RawWinRm.Envelope(VsmsUri, VsmsUri + "/RemoveResourceSettings", body, [new("CreationClassName", "Msvm_VirtualSystemManagementService")]);

        var (_, reply) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(FaultCodes.SchemaValidation, RawWinRm.FaultCode(reply));
    }

    [Fact]
    public async Task EmbeddedInstanceAsWsCimElements_IsASchemaValidationError()
    {
        XNamespace p = VsmsUri;
        XNamespace settings = ClassUri(Virtualization, "Msvm_VirtualSystemSettingData");
        var body = new XElement(p + "ModifySystemSettings_INPUT",
            new XElement(p + "SystemSettings", new XElement(settings + "Msvm_VirtualSystemSettingData", new XElement(settings + "InstanceID", "Microsoft:X"))));
        var envelope = RawWinRm.Envelope(VsmsUri, VsmsUri + "/ModifySystemSettings", body, [new("CreationClassName", "Msvm_VirtualSystemManagementService")]);

        var (_, reply) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(FaultCodes.SchemaValidation, RawWinRm.FaultCode(reply));
    }

    [Fact]
    public async Task ServiceCallWithoutCreationClassName_IsAnInvalidSelectorsFault()
    {
        XNamespace p = VsmsUri;
        var envelope = RawWinRm.Envelope(VsmsUri, VsmsUri + "/ModifySystemSettings", new XElement(p + "ModifySystemSettings_INPUT"));

        var (_, reply) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(FaultCodes.InvalidSelectors, RawWinRm.FaultCode(reply));
    }

    [Fact]
    public async Task NegativeOperationTimeout_IsAnInvalidHeaderFault()
    {
        var envelope = RawWinRm.Envelope(WildcardUri(Virtualization), EnumerateAction, Wql("SELECT * FROM Msvm_ComputerSystem"));
        envelope.Root!.Element(Soap + "Header")!.Element(Wsm + "OperationTimeout")!.Value = "PT-1S";

        var (_, reply) = await RawWinRm.SendAsync(_cluster.Server, envelope.ToString());

        Assert.Equal(FaultCodes.InvalidHeader, RawWinRm.FaultCode(reply));
    }
}
