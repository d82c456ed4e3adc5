using System.Xml.Linq;
using Reconciler.HyperV.Fake;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Tests.WsMan;

/// <summary>Enumeration paging, both item shapes, and faults turned into typed errors.</summary>
public sealed class WsManClientTests
{
    [Fact]
    public async Task Enumerate_WithMorePagesThanMaxElements_PullsUntilEndOfSequence()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(idleVms: 6));
        var client = MethodRunnerTests.Client(cluster, maxElements: 2);

        var systems = await client.EnumerateAsync(Virtualization, "Msvm_ComputerSystem", "SELECT * FROM Msvm_ComputerSystem", CancellationToken.None);

        Assert.Equal(8, systems.Count); // the host and seven VMs
        Assert.Equal(3, cluster.Server.Requests.Count(r => r.Action == PullAction));
        Assert.All(systems, s => Assert.Equal("Msvm_ComputerSystem", s.ClassName));
    }

    [Fact]
    public async Task Enumerate_WithAPropertyList_ReadsXmlFragmentItems()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var client = MethodRunnerTests.Client(cluster);

        var systems = await client.EnumerateAsync(Virtualization, "Msvm_ComputerSystem",
            "SELECT Name, ElementName FROM Msvm_ComputerSystem WHERE ElementName = 'busy'", CancellationToken.None);

        var busy = Assert.Single(systems);
        Assert.Equal("Msvm_ComputerSystem", busy.ClassName);
        Assert.Equal(FakeIds.Vm("busy"), busy.String("Name"));
        Assert.Null(busy.String("EnabledState"));
    }

    [Fact]
    public void Read_ItemWrappedWithItsEndpointReference_TakesTheObject()
    {
        XNamespace p = ClassUri(Virtualization, "Msvm_ComputerSystem");
        var item = new XElement(Wsm + "Item",
            new XElement(p + "Msvm_ComputerSystem", new XElement(p + "Name", "ABC"), new XElement(p + "InstallDate", new XElement(Cim + "Datetime", "2025-12-17T09:55:22Z"))),
            new XElement(Addressing + "EndpointReference", new XElement(Addressing + "Address", Anonymous)));

        var instance = CimInstance.Read(item, "fallback")!;

        Assert.Equal("Msvm_ComputerSystem", instance.ClassName);
        Assert.Equal("ABC", instance.String("Name"));
        Assert.Equal("2025-12-17T09:55:22Z", instance.String("InstallDate"));
    }

    [Fact]
    public void Read_JobReferenceWrappedOrNot_YieldsTheSameReference()
    {
        XNamespace p = ClassUri(Virtualization, "Msvm_VirtualSystemManagementService");
        var reference = new EndpointReference(ClassUri(Virtualization, "Msvm_ConcreteJob"), [new("InstanceID", "J1")]);
        var bare = new XElement(p + "X_OUTPUT", new XElement(p + "Job", reference.ToParameterContent()), new XElement(p + "ReturnValue", "4096"));
        var wrapped = new XElement(p + "X_OUTPUT", new XElement(p + "Job", new XElement(Addressing + "EndpointReference", reference.ToParameterContent())), new XElement(p + "ReturnValue", "4096"));

        Assert.Equal("J1", CimInstance.Read(bare, "")!.Reference("Job")!.Selector("InstanceID"));
        Assert.Equal("J1", CimInstance.Read(wrapped, "")!.Reference("Job")!.Selector("InstanceID"));
    }

    [Fact]
    public void FromFault_WmiErrorDetail_KeepsItsErrorCodeAndMessage()
    {
        const string text = """
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>
              <s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>w:InvalidParameter</s:Value></s:Subcode></s:Code>
              <s:Reason><s:Text xml:lang="en-US">The parameter is incorrect.</s:Text></s:Reason>
              <s:Detail><p:MSFT_WmiError xmlns:p="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError">
                <p:Message>Invalid namespace</p:Message><p:error_Code>2147749902</p:error_Code></p:MSFT_WmiError></s:Detail>
            </s:Fault></s:Body></s:Envelope>
            """;

        var fault = WsManException.FromFault(XDocument.Parse(text), 500)!;

        Assert.Equal(2147749902, fault.Code);
        Assert.Equal("w:InvalidParameter", fault.Subcode);
        Assert.Contains("Invalid namespace", fault.Message, StringComparison.Ordinal);
        Assert.False(fault.IsTransient);
    }

    [Fact]
    public void FromFault_WithoutDetail_UsesTheReasonAndSubcode()
    {
        const string text = """
            <s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault>
              <s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code>
              <s:Reason><s:Text xml:lang="en-US">The operation timed out.</s:Text></s:Reason>
            </s:Fault></s:Body></s:Envelope>
            """;

        var fault = WsManException.FromFault(XDocument.Parse(text), 500)!;

        Assert.Null(fault.Code);
        Assert.Equal("The operation timed out.", fault.Message);
        Assert.True(fault.IsTransient);
    }

    [Theory]
    [InlineData(FakeFailure.TimedOut, ProviderErrorKind.Transient, "WSMan 2150858793 w:TimedOut")]
    [InlineData(FakeFailure.Unavailable, ProviderErrorKind.Transient, "HTTP 503")]
    [InlineData(FakeFailure.Unauthorized, ProviderErrorKind.Permanent, "HTTP 401")]
    [InlineData(FakeFailure.AccessDenied, ProviderErrorKind.Permanent, "WSMan 5 w:AccessDenied")]
    public async Task Observe_WhenTheHostFails_RaisesAProviderErrorOfTheRightKindWithTheWsManCode(FakeFailure failure, ProviderErrorKind kind, string code)
    {
        var options = new FakeOptions();
        // A failing host fails every call: the cluster's node query (whose permanent failure only
        // means "no failover cluster here") and then the host's own reads.
        options.Failures.Enqueue(failure);
        options.Failures.Enqueue(failure);
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ObserveAsync(CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Contains("host hv-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_AfterATransientFault_SucceedsOnTheNextTry()
    {
        var options = new FakeOptions();
        options.Failures.Enqueue(FakeFailure.TimedOut);
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);
        await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ObserveAsync(CancellationToken.None));

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal(3, observed.Hosts[0].Vms.Count);
    }
}
