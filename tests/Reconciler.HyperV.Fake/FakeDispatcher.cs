using System.Collections.Concurrent;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>A request's header, checked as WinRM checks it.</summary>
public sealed record FakeCall(string Host, string Action, string ResourceUri, string Namespace, string ClassName, string MessageId,
    IReadOnlyList<KeyValuePair<string, string>> Selectors, XElement? Body)
{
    public string? Selector(string name) => Selectors.FirstOrDefault(s => string.Equals(s.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public FakeReply Fault(string code, string subcode, long wsmanCode, string message, int status = 500) =>
        FakeSoap.Fault(MessageId, code, subcode, wsmanCode, message, Host, status);

    public FakeReply NotFound() => Fault("s:Sender", "a:DestinationUnreachable", FaultCodes.ResourceNotFound,
        "The WS-Management service cannot process the request because the resource URI and selectors match no instance.");
}

/// <summary>Routes WS-Management actions: enumeration, transfer and method calls.</summary>
public sealed class FakeDispatcher(StateStore store, FakeOptions options, FakeJobs jobs)
{
    private readonly ConcurrentDictionary<string, Queue<XElement>> _contexts = new();
    private readonly FakeMethods _methods = new(store, options, jobs);

    public async Task<FakeReply> DispatchAsync(string host, XDocument envelope)
    {
        var header = envelope.Root?.Element(Soap + "Header");
        var messageId = header?.Element(Addressing + "MessageID")?.Value.Trim();
        string? Header(XName name) => header?.Element(name)?.Value.Trim();
        var action = Header(Addressing + "Action");
        var resourceUri = Header(Wsm + "ResourceURI");
        if (envelope.Root?.Name != Soap + "Envelope" || envelope.Root.Element(Soap + "Body") is null)
        {
            return FakeSoap.Fault(messageId, "s:Sender", "w:SchemaValidationError", FaultCodes.SchemaValidation, "The SOAP XML in the message does not match the corresponding XML schema definition: no SOAP 1.2 Envelope with a Body.", host, 400);
        }

        if (string.IsNullOrEmpty(action) || string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(resourceUri) || string.IsNullOrEmpty(Header(Addressing + "To")))
        {
            return FakeSoap.Fault(messageId, "s:Sender", "w:InvalidHeader", FaultCodes.InvalidHeader,
                "The WS-Management service cannot process a SOAP header in the request: a:To, w:ResourceURI, a:Action and a:MessageID are required.", host);
        }

        if (Header(Wsm + "OperationTimeout") is { } timeout && !ValidTimeout(timeout))
        {
            return FakeSoap.Fault(messageId, "s:Sender", "w:InvalidHeader", FaultCodes.InvalidHeader,
                $"The WS-Management service cannot process a SOAP header in the request: OperationTimeout {timeout} is not a positive duration.", host);
        }

        if (!int.TryParse(Header(Wsm + "MaxEnvelopeSize"), NumberStyles.None, CultureInfo.InvariantCulture, out var maxEnvelope) || maxEnvelope < 8192)
        {
            return FakeSoap.Fault(messageId, "s:Sender", "w:EncodingLimit", FaultCodes.EncodingLimit, "The MaxEnvelopeSize header is missing or too small.", host);
        }

        var (ns, className) = ParseUri(resourceUri);
        if (ns is null)
        {
            return FakeSoap.Fault(messageId, "s:Sender", "a:DestinationUnreachable", FaultCodes.ResourceNotFound,
                $"The WS-Management service cannot process the request because the resource URI {resourceUri} is not supported.", host);
        }

        var selectors = EndpointReference.ReadSelectors(header?.Element(Wsm + "SelectorSet"));
        var call = new FakeCall(host, action, resourceUri, ns, className, messageId, selectors, envelope.Root.Element(Soap + "Body")!.Elements().FirstOrDefault());
        using var _ = await store.LockAsync(CancellationToken.None).ConfigureAwait(false);
        var state = store.Load();
        if (FakeClusterNodes.IsDown(state, host))
        {
            return FakeClusterNodes.Unreachable(call);
        }

        if (ns == Cluster && !state.FailoverCluster)
        {
            return action == EnumerateAction
                ? call.Fault("s:Sender", "n:CannotProcessFilter", FaultCodes.CannotProcessFilter, "The data source could not process the filter. The specified namespace root/MSCluster does not exist.")
                : call.NotFound();
        }

        return action switch
        {
            EnumerateAction => Enumerate(call, state),
            PullAction => Pull(call),
            ReleaseAction => Release(call),
            GetAction => Get(call, state),
            PutAction => _methods.Put(call, state),
            _ when FakeClusterGroups.Handles(call, action) => FakeClusterGroups.MoveToNewNode(call, state, store, options.ClusterGroupNames),
            _ when ns == Cimv2 && className == FakePnp.ClassName && action == resourceUri + "/GetDeviceProperties" && state.Host(host) is { } pnpHost => FakePnp.GetDeviceProperties(call, pnpHost),
            _ when action.StartsWith(resourceUri + "/", StringComparison.Ordinal) => _methods.Invoke(call, state, action[(resourceUri.Length + 1)..]),
            _ => call.Fault("s:Sender", "a:ActionNotSupported", FaultCodes.ResourceNotFound, $"The action {action} is not supported for {resourceUri}."),
        };
    }

    private static bool ValidTimeout(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text) > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>(namespace, class) of a WMI plugin URI; class "*" for the namespace wildcard.</summary>
    private static (string? Namespace, string ClassName) ParseUri(string uri)
    {
        foreach (var ns in new[] { Virtualization, Cluster, Cimv2 })
        {
            var prefix = WmiBase + ns + "/";
            if (uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && uri.Length > prefix.Length && !uri[prefix.Length..].Contains('/', StringComparison.Ordinal))
            {
                return (ns, uri[prefix.Length..]);
            }
        }

        return (null, "");
    }

    private IEnumerable<FakeInstance> All(SimState state, string host, string ns, string className)
    {
        if (ns == Cluster)
        {
            return className.Equals("MSCluster_Resource", StringComparison.OrdinalIgnoreCase) ? HostView.ClusterResources(state, options.ClusterResourceNames, options.ClusterGroupNames)
                : className.Equals(FakeClusterNodes.ClassName, StringComparison.OrdinalIgnoreCase) ? FakeClusterNodes.Nodes(state)
                : [];
        }

        if (ns == Cimv2)
        {
            return state.Host(host) is not { } owner ? []
                : className.Equals("Win32_VideoController", StringComparison.OrdinalIgnoreCase) ? HostView.VideoControllers(owner)
                : className.Equals(FakePnp.ClassName, StringComparison.OrdinalIgnoreCase) ? FakePnp.Entities(owner)
                : [];
        }

        // A query of a base class returns the instances of its subclasses, as WMI does
        // (learn.microsoft.com/windows/win32/wmisdk/wql-sql-for-wmi: "SELECT * FROM <class>" includes subclasses).
        if (Subclasses.TryGetValue(className, out var subclasses))
        {
            return subclasses.SelectMany(c => All(state, host, ns, c));
        }

        if (className.Equals(FakeHeartbeat.ClassName, StringComparison.OrdinalIgnoreCase))
        {
            return state.Host(host) is { } heartbeatHost ? FakeHeartbeat.Components(state, heartbeatHost, options) : [];
        }

        return state.Host(host) is { } simHost
            ? HostView.Instances(state, simHost, className).Concat(HostView.PassThrough(simHost, options.PassThroughDevices, className)).Concat(HostView.ExtraAdapters(simHost, options.ExtraPartitionAdapters, className))
            : [];
    }

    /// <summary>The fake's classes under the CIM base classes clients query (their MS class pages name these parents).</summary>
    private static readonly Dictionary<string, string[]> Subclasses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CIM_ComputerSystem"] = ["Msvm_ComputerSystem", "Msvm_PartitionableGpu"],
        ["CIM_LogicalDevice"] = ["Msvm_PciExpress", "Msvm_GpuPartition", "Msvm_ShutdownComponent", FakeHeartbeat.ClassName],
        ["CIM_ResourceAllocationSettingData"] = ["Msvm_GpuPartitionSettingData", "Msvm_PciExpressSettingData"],
    };

    private static bool Known(string ns, string className) =>
        ns == Cluster ? className.Equals("MSCluster_Resource", StringComparison.OrdinalIgnoreCase) || className.Equals(FakeClusterNodes.ClassName, StringComparison.OrdinalIgnoreCase)
        : ns == Cimv2 ? className.Equals("Win32_VideoController", StringComparison.OrdinalIgnoreCase) || className.Equals(FakePnp.ClassName, StringComparison.OrdinalIgnoreCase)
        : HostView.Classes.Contains(className, StringComparer.OrdinalIgnoreCase) || className == "Msvm_ConcreteJob" || className.Equals(FakeHeartbeat.ClassName, StringComparison.OrdinalIgnoreCase) || Subclasses.ContainsKey(className);

    private FakeReply Enumerate(FakeCall call, SimState state)
    {
        var body = call.Body;
        if (body?.Name != Enumeration + "Enumerate")
        {
            return call.Fault("s:Sender", "w:SchemaValidationError", FaultCodes.SchemaValidation, "An Enumerate request needs an n:Enumerate body.");
        }

        var filter = body.Element(Wsm + "Filter");
        IEnumerable<XElement> items;
        if (filter is not null)
        {
            // WQL goes to the namespace wildcard; with a class URI Windows refuses the filter (go-wsman's finding).
            if (call.ClassName != "*" || (string?)filter.Attribute("Dialect") != WqlDialect)
            {
                return call.Fault("s:Sender", "n:CannotProcessFilter", FaultCodes.CannotProcessFilter, "The data source could not process the filter. The filter might be missing or it might be invalid.");
            }

            if (Wql.TryParse(filter.Value) is not { } wql || !Known(call.Namespace, wql.ClassName))
            {
                return call.Fault("s:Sender", "n:CannotProcessFilter", FaultCodes.CannotProcessFilter, "The data source could not process the filter. The specified class does not exist in the given namespace.");
            }

            var matches = All(state, call.Host, call.Namespace, wql.ClassName).Where(wql.Matches);
            items = wql.Properties is null ? matches.Select(m => m.ToTyped()) : matches.Select(m => m.ToFragment(wql.Properties));
        }
        else if (call.ClassName == "*" || !Known(call.Namespace, call.ClassName))
        {
            return call.NotFound();
        }
        else
        {
            items = All(state, call.Host, call.Namespace, call.ClassName).Select(m => m.ToTyped());
        }

        if (body.Element(Wsm + "EnumerationMode")?.Value == "EnumerateObjectAndEPR")
        {
            items = items.Select(i => new XElement(Wsm + "Item", i)).ToList();
        }

        var queue = new Queue<XElement>(items);
        if (body.Element(Wsm + "OptimizeEnumeration") is null)
        {
            return FakeSoap.Ok(EnumerateAction + "Response", call.MessageId,
                new XElement(Enumeration + "EnumerateResponse", new XElement(Enumeration + "EnumerationContext", Remember(queue))));
        }

        var max = int.TryParse(body.Element(Wsm + "MaxElements")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 1;
        var first = Take(queue, max);
        var done = queue.Count == 0;
        return FakeSoap.Ok(EnumerateAction + "Response", call.MessageId,
            new XElement(Enumeration + "EnumerateResponse",
                new XElement(Enumeration + "EnumerationContext", done ? null : Remember(queue)),
                new XElement(Wsm + "Items", first),
                done ? new XElement(Wsm + "EndOfSequence") : null));
    }

    private FakeReply Pull(FakeCall call)
    {
        var context = call.Body?.Element(Enumeration + "EnumerationContext")?.Value.Trim() ?? "";
        if (!_contexts.TryGetValue(context, out var queue))
        {
            return call.Fault("s:Sender", "n:InvalidEnumerationContext", 2150858776, "The enumeration context supplied in the message is not valid.");
        }

        var max = int.TryParse(call.Body?.Element(Enumeration + "MaxElements")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 1;
        var page = Take(queue, max);
        var done = queue.Count == 0;
        if (done)
        {
            _contexts.TryRemove(context, out _);
        }

        return FakeSoap.Ok(PullAction + "Response", call.MessageId,
            new XElement(Enumeration + "PullResponse",
                done ? null : new XElement(Enumeration + "EnumerationContext", context),
                new XElement(Enumeration + "Items", page),
                done ? new XElement(Enumeration + "EndOfSequence") : null));
    }

    private FakeReply Release(FakeCall call)
    {
        _contexts.TryRemove(call.Body?.Element(Enumeration + "EnumerationContext")?.Value.Trim() ?? "", out _);
        return FakeSoap.Ok(ReleaseAction + "Response", call.MessageId, null);
    }

    private FakeReply Get(FakeCall call, SimState state)
    {
        if (call.ClassName == "Msvm_ConcreteJob")
        {
            return call.Selector("InstanceID") is { } id && jobs.Poll(id) is { } job
                ? FakeSoap.Ok(GetAction + "Response", call.MessageId, job.ToTyped())
                : call.NotFound();
        }

        // Msvm_ComputerSystem wants CreationClassName beside Name (a real-host finding, wsman.md §2.4).
        if (call.ClassName == "Msvm_ComputerSystem" && call.Selector("CreationClassName") is null)
        {
            return call.NotFound();
        }

        if (call.Selectors.Count == 0)
        {
            return call.Fault("s:Sender", "w:InvalidSelectors", FaultCodes.InvalidSelectors, "The WS-Management service cannot process the request because the request contained invalid selectors for the resource.");
        }

        var instance = All(state, call.Host, call.Namespace, call.ClassName).FirstOrDefault(i => i.Matches(call.Selectors.Select(s => (s.Key, s.Value))));
        return instance is null ? call.NotFound() : FakeSoap.Ok(GetAction + "Response", call.MessageId, instance.ToTyped());
    }

    private string Remember(Queue<XElement> queue)
    {
        var context = $"uuid:{Guid.NewGuid().ToString().ToUpperInvariant()}";
        _contexts[context] = queue;
        return context;
    }

    private static List<XElement> Take(Queue<XElement> queue, int max)
    {
        var page = new List<XElement>();
        while (page.Count < Math.Max(1, max) && queue.TryDequeue(out var item))
        {
            page.Add(item);
        }

        return page;
    }

    /// <summary>The WMI error a provider failure surfaces as in a Put fault.</summary>
    public static FakeReply ProviderFault(FakeCall call, ProviderException error) =>
        call.Fault("s:Receiver", "w:InternalError", FaultCodes.WmiFailed, error.Message);
}
