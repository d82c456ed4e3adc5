using System.Globalization;
using System.Xml.Linq;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// Method calls and Puts, checked for the shapes real hosts refuse (wrapped references, WS-CIM
/// embedded instances, service calls without their CreationClassName selector) and then handed
/// to <see cref="SimRules"/>. Changes apply at the call; the job reports how it went.
/// </summary>
public sealed class FakeMethods(StateStore store, FakeOptions options, FakeJobs jobs)
{
    private static readonly string[] Services = ["Msvm_VirtualSystemManagementService", "Msvm_AssignableDeviceService", "Msvm_ResourcePoolConfigurationService"];
    // Guests asked to shut down that have not stopped (they ignore it): asking again answers 32782.
    private readonly HashSet<string> _shuttingDown = new(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] EmbeddedParameters = ["ResourceSettings", "SystemSettings", "DismountSettingData", "PoolSettings", "AllocationSettings"];

    public FakeReply Invoke(FakeCall call, SimState state, string method)
    {
        XNamespace p = call.ResourceUri;
        if (call.Body?.Name != p + $"{method}_INPUT")
        {
            return Schema(call, $"the body must be p:{method}_INPUT in the namespace {call.ResourceUri}");
        }

        if (Services.Contains(call.ClassName) && !string.Equals(call.Selector("CreationClassName"), call.ClassName, StringComparison.Ordinal))
        {
            return call.Fault("s:Sender", "w:InvalidSelectors", FaultCodes.InvalidSelectors, $"The WS-Management service cannot process the request because the request contained invalid selectors for the resource: {call.ClassName} needs CreationClassName.");
        }

        var embedded = new Dictionary<string, List<CimXmlInstance>>(StringComparer.Ordinal);
        var references = new Dictionary<string, List<EndpointReference>>(StringComparer.Ordinal);
        var simple = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in call.Body.Elements())
        {
            var name = parameter.Name.LocalName;
            if (parameter.Element(Addressing + "EndpointReference") is not null)
            {
                return Schema(call, $"parameter {name}: a reference parameter holds a:Address and a:ReferenceParameters directly, not a:EndpointReference");
            }

            if (parameter.Element(Addressing + "ReferenceParameters") is not null)
            {
                Add(references, name, EndpointReference.TryRead(parameter)!);
            }
            else if (EmbeddedParameters.Contains(name))
            {
                if (parameter.HasElements || CimXmlInstance.TryParse(parameter.Value) is not { } instance)
                {
                    return Schema(call, $"parameter {name} must be an embedded instance in CIM-XML text (<INSTANCE CLASSNAME=…>)");
                }

                Add(embedded, name, instance);
            }
            else
            {
                simple[name] = parameter.Value;
            }
        }

        try
        {
            var change = Apply(call, state, method, simple, references, embedded);
            if (change is null)
            {
                return call.Fault("s:Sender", "a:ActionNotSupported", FaultCodes.ResourceNotFound, $"The method {method} does not exist on {call.ClassName}.");
            }

            if (change is FakeReply refusal)
            {
                return refusal;
            }

            if (change is int synchronous)
            {
                store.Save(state);
                return Output(call, method, synchronous, null);
            }

            if (options.ApplyWhenJobEnds)
            {
                // The call only checked the request against a copy; the host changes when the job ends.
                return Output(call, method, MethodRunner.JobStarted, jobs.StartDeferred(() =>
                {
                    var now = store.Load();
                    try
                    {
                        Apply(call, now, method, simple, references, embedded);
                        store.Save(now);
                        return (0, null);
                    }
                    catch (ProviderException error)
                    {
                        return (ErrorCode(error.Code), error.Message);
                    }
                }));
            }

            store.Save(state);
            return Output(call, method, MethodRunner.JobStarted, jobs.Start());
        }
        catch (ProviderException error)
        {
            // Hyper-V accepts the call and the job fails with the reason, as real hosts report rule violations.
            return Output(call, method, MethodRunner.JobStarted, jobs.Start(ErrorCode(error.Code), error.Message));
        }
    }

    private object? Apply(FakeCall call, SimState state, string method, Dictionary<string, string> simple, Dictionary<string, List<EndpointReference>> references, Dictionary<string, List<CimXmlInstance>> embedded) =>
            method switch
            {
                "RequestStateChange" => RequestStateChange(call, state, simple),
                "InitiateShutdown" => InitiateShutdown(call, state, simple),
                "AddResourceSettings" => AddResourceSettings(call, state, references, embedded),
                "RemoveResourceSettings" => RemoveResourceSettings(call, state, references),
                "ModifySystemSettings" => ModifySystemSettings(call, state, embedded),
                "DismountAssignableDevice" => Dismount(call, state, embedded),
                "MountAssignableDevice" => Mount(call, state, simple, references),
                "CreatePool" => CreatePool(call, state, embedded),
                "ModifyPoolResources" => ModifyPool(call, state, references, embedded),
                _ => null,
            };

    /// <summary>
    /// WS-Transfer Put of a whole instance (read, change, write back, as the Hyper-V module
    /// writes through MI): a body that leaves out a property the instance has, or a property of
    /// its embedded PrivateProperties, is refused, so a partial write cannot pass here (whether a
    /// real host refuses or resets is unconfirmed; either loses data).
    /// </summary>
    public FakeReply Put(FakeCall call, SimState state)
    {
        XNamespace p = call.ResourceUri;
        var body = call.Body;
        try
        {
            switch (call.ClassName)
            {
                case "Msvm_PartitionableGpu" when body?.Name == p + "Msvm_PartitionableGpu":
                    var host = SimRules.Host(state, call.Host);
                    var gpu = host.Gpus.FirstOrDefault(g => g.Status == GpuStatus.Partitioned && FakeIds.Same(FakeIds.PartitionableName(g), call.Selector("Name")));
                    if (gpu is null || call.Selector("CreationClassName") is null)
                    {
                        return call.NotFound();
                    }

                    var current = HostView.Instances(state, host, "Msvm_PartitionableGpu").First(i => FakeIds.Same(i.Text("Name"), call.Selector("Name")));
                    if (Missing(current.ToTyped(), body) is { } missing)
                    {
                        return Schema(call, $"the Put body leaves out {missing}; write the instance back whole");
                    }

                    if (!int.TryParse(body.Element(p + "PartitionCount")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        return Schema(call, "PartitionCount must be a uint16");
                    }

                    SimRules.SetPartitionCount(state, call.Host, gpu.LocationPath, count);
                    store.Save(state);
                    return FakeSoap.Ok(PutAction + "Response", call.MessageId, HostView.Instances(state, host, "Msvm_PartitionableGpu").First(i => FakeIds.Same(i.Text("Name"), call.Selector("Name"))).ToTyped());
                case "MSCluster_Resource" when body?.Name == p + "MSCluster_Resource":
                    var resource = HostView.ClusterResources(state, options.ClusterResourceNames, options.ClusterGroupNames).FirstOrDefault(r => FakeIds.Same(r.Text("Name"), call.Selector("Name")));
                    var vm = state.Vms.FirstOrDefault(v => FakeIds.Same(FakeIds.Vm(v.Name), body.Element(p + "PrivateProperties")?.Element(p + "VmID")?.Value));
                    if (resource is null)
                    {
                        return call.NotFound();
                    }

                    if (Missing(resource.ToTyped(), body) is { } left)
                    {
                        return Schema(call, $"the Put body leaves out {left}; PrivateProperties is an embedded object written back whole");
                    }

                    if (vm is null || !FakeIds.Same(resource.Text("Name"), call.Selector("Name"))
                        || !int.TryParse(body.Element(p + "PrivateProperties")?.Element(p + "OfflineAction")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var action) || action > 3)
                    {
                        return Schema(call, "PrivateProperties.OfflineAction must be 0-3 on the resource's own VmID");
                    }

                    SimRules.SetOfflineAction(state, vm.Name, (OfflineAction)action);
                    store.Save(state);
                    return FakeSoap.Ok(PutAction + "Response", call.MessageId, HostView.ClusterResources(state, options.ClusterResourceNames, options.ClusterGroupNames).First(i => FakeIds.Same(i.Text("Name"), call.Selector("Name"))).ToTyped());
                default:
                    return call.Fault("s:Sender", "a:ActionNotSupported", FaultCodes.ResourceNotFound, $"Put is not supported for {call.ClassName} in this shape.");
            }
        }
        catch (ProviderException error)
        {
            return FakeDispatcher.ProviderFault(call, error);
        }
    }

    /// <summary>The first property (or property of an embedded object) of <paramref name="current"/> the body lacks.</summary>
    private static string? Missing(XElement current, XElement body)
    {
        foreach (var property in current.Elements())
        {
            var sent = body.Element(property.Name);
            if (sent is null)
            {
                return property.Name.LocalName;
            }

            if (property.HasElements && property.Elements().All(e => e.Name.Namespace == property.Name.Namespace)
                && Missing(property, sent) is { } inner)
            {
                return $"{property.Name.LocalName}.{inner}";
            }
        }

        return null;
    }

    private object? RequestStateChange(FakeCall call, SimState state, Dictionary<string, string> simple)
    {
        if (call.Selector("CreationClassName") is null || VmByGuid(state, call.Host, call.Selector("Name")) is not { } vm)
        {
            return call.NotFound();
        }

        switch (simple.GetValueOrDefault("RequestedState"))
        {
            case "2":
                SimRules.Start(state, call.Host, vm.Name, options.Time.GetUtcNow());
                return "job";
            case "3":
                SimRules.TurnOff(vm);
                return "job";
            default:
                return 32770; // not supported here
        }
    }

    /// <summary>
    /// InitiateShutdown(Force, Reason) as hyperv-gpu.md §2.7 describes it: Force is a required
    /// boolean; only a running guest can be asked (32775 otherwise); a locked guest refuses
    /// without Force (32781); a guest not ready yet answers 32780; asking again while a shutdown
    /// runs answers 32782. Force=true closes applications with unsaved data, so a locked guest
    /// then stops too.
    /// </summary>
    private object? InitiateShutdown(FakeCall call, SimState state, Dictionary<string, string> simple)
    {
        if (call.Selector("DeviceID") is null || VmByGuid(state, call.Host, call.Selector("SystemName")) is not { } vm || !vm.IsActive)
        {
            return call.NotFound();
        }

        if (simple.GetValueOrDefault("Force") is not ("true" or "false") || !simple.ContainsKey("Reason"))
        {
            return Schema(call, "InitiateShutdown takes Force (boolean) and Reason (string)");
        }

        var force = simple["Force"] == "true";
        if (vm.State != VmPowerState.Running)
        {
            return 32775;
        }

        if (options.GuestNotReadyTimes > 0)
        {
            options.GuestNotReadyTimes--;
            return 32780; // not ready
        }

        if (options.LockedGuests.Contains(vm.Name) && !force)
        {
            return 32781; // machine locked (needs Force)
        }

        if (!_shuttingDown.Add(FakeIds.Vm(vm.Name)))
        {
            return 32782; // shutdown already in progress
        }

        if (!options.GuestsIgnoreShutdown)
        {
            SimRules.TurnOff(vm);
            _shuttingDown.Remove(FakeIds.Vm(vm.Name));
        }

        return 0; // initiated; the caller watches EnabledState
    }

    private static object? AddResourceSettings(FakeCall call, SimState state, Dictionary<string, List<EndpointReference>> references, Dictionary<string, List<CimXmlInstance>> embedded)
    {
        var vm = VmBySettings(state, call.Host, references.GetValueOrDefault("AffectedConfiguration")?.FirstOrDefault()?.Selector("InstanceID"));
        if (vm is null || !embedded.TryGetValue("ResourceSettings", out var settings))
        {
            return 32773;
        }

        var host = SimRules.Host(state, call.Host);
        foreach (var setting in settings)
        {
            var hostResource = setting.Values("HostResource") is { Count: > 0 } resources ? resources[0] : null;
            switch (setting.ClassName)
            {
                case "Msvm_GpuPartitionSettingData" when setting.Value("ResourceSubType") == "Microsoft:Hyper-V:GPU Partition":
                    string? pinned = null;
                    if (hostResource is not null)
                    {
                        // A bare Name instead of an object path fails as it does on real hosts.
                        var name = WmiPath.Parse(hostResource)?.Keys.GetValueOrDefault("Name");
                        pinned = host.Gpus.FirstOrDefault(g => FakeIds.Same(FakeIds.PartitionableName(g), name))?.LocationPath
                            ?? throw new ProviderException(ProviderErrorKind.Permanent, "Failed to add device 'GPU Partition'.", "InvalidParameter");
                    }

                    SimRules.AddPartitionAdapter(state, call.Host, vm.Name, pinned, Settings(setting));
                    break;
                case "Msvm_PciExpressSettingData" when setting.Value("ResourceSubType") == "Microsoft:Hyper-V:Virtual Pci Express Port":
                    var path = hostResource is null ? null : GpuByDevice(host, WmiPath.Parse(hostResource)?.Keys.GetValueOrDefault("DeviceID"))?.LocationPath
                        ?? throw new ProviderException(ProviderErrorKind.Permanent, "Failed to add device 'PCI Express Port': the host resource does not exist.", "InvalidParameter");
                    var pool = string.IsNullOrEmpty(setting.Value("PoolID")) ? null : setting.Value("PoolID");
                    SimRules.AddDdaDevice(state, call.Host, vm.Name, new DdaDevice(path, pool));
                    break;
                default:
                    return 32773;
            }
        }

        return "job";
    }

    private object? RemoveResourceSettings(FakeCall call, SimState state, Dictionary<string, List<EndpointReference>> references)
    {
        var host = SimRules.Host(state, call.Host);
        foreach (var id in references.GetValueOrDefault("ResourceSettings")?.Select(r => r.Selector("InstanceID")) ?? [])
        {
            if (options.ExtraPartitionAdapters.Find(a => FakeIds.Same(a.Host, call.Host) && FakeIds.Same(a.InstanceId, id)) is { } extra)
            {
                if (SimRules.Vm(state, call.Host, extra.Vm).IsActive)
                {
                    throw new ProviderException(ProviderErrorKind.Permanent, $"VM {extra.Vm} must be off to remove a GPU partition adapter.", "InvalidState");
                }

                options.ExtraPartitionAdapters.Remove(extra);
                continue;
            }

            var vm = host.Vms.FirstOrDefault(v => FakeIds.Same(FakeIds.Partition(v.Name), id) || Enumerable.Range(0, v.DdaDevices.Count).Any(i => FakeIds.Same(FakeIds.Dda(v.Name, i), id)));
            if (vm is null)
            {
                return 32773;
            }

            if (FakeIds.Same(FakeIds.Partition(vm.Name), id))
            {
                SimRules.RemovePartitionAdapter(state, call.Host, vm.Name);
            }
            else
            {
                var device = vm.DdaDevices[Enumerable.Range(0, vm.DdaDevices.Count).First(i => FakeIds.Same(FakeIds.Dda(vm.Name, i), id))];
                SimRules.RemoveDdaDevice(state, call.Host, vm.Name, new DdaDevice(device.LocationPath, device.Pool));
            }
        }

        return "job";
    }

    private static object? ModifySystemSettings(FakeCall call, SimState state, Dictionary<string, List<CimXmlInstance>> embedded)
    {
        var settings = embedded.GetValueOrDefault("SystemSettings")?.FirstOrDefault();
        if (settings?.ClassName != "Msvm_VirtualSystemSettingData" || VmBySettings(state, call.Host, settings.Value("InstanceID")) is not { } vm)
        {
            return 32773;
        }

        if (settings.Value("LowMmioGapSize") is not null || settings.Value("HighMmioGapSize") is not null)
        {
            ulong Mb(string name, ulong current) => settings.Value(name) is { } v ? ulong.Parse(v, CultureInfo.InvariantCulture) * ByteSize.MiB : current;
            SimRules.SetMmio(state, call.Host, vm.Name, new ByteSize(Mb("LowMmioGapSize", vm.MmioLowBytes)), new ByteSize(Mb("HighMmioGapSize", vm.MmioHighBytes)));
        }

        if (settings.Value("AutomaticShutdownAction") is { } stop)
        {
            SimRules.SetStopAction(state, call.Host, vm.Name, stop switch { "2" => AutomaticStopAction.TurnOff, "4" => AutomaticStopAction.ShutDown, _ => AutomaticStopAction.Save });
        }

        return "job";
    }

    /// <summary>
    /// DismountAssignableDevice with Msvm_AssignableDeviceDismountSettingData: both Require* flags
    /// are booleans; a GPU without the vendor's mitigation driver (<see cref="FakeOptions.NoMitigationDriver"/>)
    /// is refused while RequireDeviceMitigations is true, as the cmdlet needs -Force then (hyperv-gpu.md §3).
    /// </summary>
    private object? Dismount(FakeCall call, SimState state, Dictionary<string, List<CimXmlInstance>> embedded)
    {
        var settings = embedded.GetValueOrDefault("DismountSettingData")?.FirstOrDefault();
        if (settings?.ClassName != "Msvm_AssignableDeviceDismountSettingData" || settings.Value("DeviceLocationPath") is not { } path
            || settings.Value("RequireAcsSupport") is not ("true" or "false") || settings.Value("RequireDeviceMitigations") is not ("true" or "false"))
        {
            return 32773;
        }

        if (options.NoMitigationDriver && settings.Value("RequireDeviceMitigations") == "true")
        {
            throw new ProviderException(ProviderErrorKind.Permanent,
                $"The operation failed because the device at {path} has no partitioning (mitigation) driver; it requires -Force to dismount.", "NotSupported");
        }

        SimRules.Dismount(state, call.Host, path);
        return "job";
    }

    /// <summary>
    /// MountAssignableDevice(in string DeviceInstancePath, in string DeviceLocationPath) as
    /// hyperv-gpu.md §2.9 gives it: two strings naming the dismounted device by its current
    /// (PCIP) instance path and its location path; no reference parameter.
    /// </summary>
    private static object? Mount(FakeCall call, SimState state, Dictionary<string, string> simple, Dictionary<string, List<EndpointReference>> references)
    {
        if (references.Count > 0 || !simple.TryGetValue("DeviceInstancePath", out var instancePath) || !simple.TryGetValue("DeviceLocationPath", out var locationPath))
        {
            return Schema(call, "MountAssignableDevice takes DeviceInstancePath and DeviceLocationPath (strings)");
        }

        var gpu = SimRules.Host(state, call.Host).Gpus.FirstOrDefault(g => FakeIds.Same(g.LocationPath, locationPath));
        if (gpu is null || !FakeIds.Same(gpu.InstancePath, instancePath))
        {
            return 32773; // invalid parameter: no such dismounted device
        }

        SimRules.Mount(state, call.Host, gpu.LocationPath);
        return "job";
    }

    /// <summary>
    /// CreatePool(PoolSettings, ParentPools[], AllocationSettings[]) as the module's
    /// ResourcePoolConfigurationServiceView sends it (hyperv-evidence.md claim 21): the
    /// allocation is a PCI Express setting cloned from the Default template.
    /// </summary>
    private static object? CreatePool(FakeCall call, SimState state, Dictionary<string, List<CimXmlInstance>> embedded)
    {
        var settings = embedded.GetValueOrDefault("PoolSettings")?.FirstOrDefault();
        var allocation = embedded.GetValueOrDefault("AllocationSettings")?.FirstOrDefault();
        if (settings?.Value("PoolID") is not { Length: > 0 } pool || settings.Value("ResourceType") != "32769" || !FromTemplate(allocation))
        {
            return 32773;
        }

        SimRules.CreatePool(state, call.Host, pool);
        return "job";
    }

    /// <summary>An allocation built from the PCI Express Default template: its class, resource type and subtype.</summary>
    private static bool FromTemplate(CimXmlInstance? allocation) =>
        allocation is { ClassName: "Msvm_PciExpressSettingData" }
        && allocation.Value("ResourceType") == "32769"
        && allocation.Value("ResourceSubType") == "Microsoft:Hyper-V:Virtual Pci Express Port"
        && allocation.Value("ElementName") is not null;

    /// <summary>The allocation settings list the pool's members as they should be; the difference is applied.</summary>
    private static object? ModifyPool(FakeCall call, SimState state, Dictionary<string, List<EndpointReference>> references, Dictionary<string, List<CimXmlInstance>> embedded)
    {
        var poolId = references.GetValueOrDefault("ChildPool")?.FirstOrDefault()?.Selector("InstanceID");
        var pool = state.Pools.FirstOrDefault(p => FakeIds.Same(FakeIds.Pool(p.Name), poolId));
        var allocation = embedded.GetValueOrDefault("AllocationSettings")?.FirstOrDefault();
        if (pool is null || allocation is null || !FromTemplate(allocation))
        {
            return 32773;
        }

        var host = SimRules.Host(state, call.Host);
        var wanted = allocation.Values("HostResource")
            .Select(path => GpuByDevice(host, WmiPath.Parse(path)?.Keys.GetValueOrDefault("DeviceID"))?.LocationPath)
            .ToList();
        if (wanted.Any(w => w is null))
        {
            return 32773;
        }

        var current = pool.Members.Where(m => FakeIds.Same(m.Host, call.Host)).Select(m => m.LocationPath).ToList();
        foreach (var added in wanted.Where(w => !current.Contains(w!, StringComparer.OrdinalIgnoreCase)))
        {
            SimRules.AddGpuToPool(state, call.Host, pool.Name, added!);
        }

        foreach (var removed in current.Where(c => !wanted.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            SimRules.RemoveGpuFromPool(state, call.Host, pool.Name, removed);
        }

        return "job";
    }

    private static SimVm? VmByGuid(SimState state, string host, string? guid) =>
        state.Host(host)?.Vms.FirstOrDefault(v => FakeIds.Same(FakeIds.Vm(v.Name), guid));

    private static SimVm? VmBySettings(SimState state, string host, string? instanceId) =>
        state.Host(host)?.Vms.FirstOrDefault(v => FakeIds.Same(FakeIds.SystemSettings(v.Name), instanceId));

    private static SimGpu? GpuByDevice(SimHost host, string? deviceId) =>
        host.Gpus.FirstOrDefault(g => FakeIds.Same(FakeIds.PciDevice(host.Name, g.LocationPath), deviceId));

    private static PartitionSettings Settings(CimXmlInstance s)
    {
        ulong? V(string name) => s.Value(name) is { } v ? ulong.Parse(v, CultureInfo.InvariantCulture) : null;
        return new PartitionSettings(
            V("MinPartitionVRAM"), V("MaxPartitionVRAM"), V("OptimalPartitionVRAM"),
            V("MinPartitionEncode"), V("MaxPartitionEncode"), V("OptimalPartitionEncode"),
            V("MinPartitionDecode"), V("MaxPartitionDecode"), V("OptimalPartitionDecode"),
            V("MinPartitionCompute"), V("MaxPartitionCompute"), V("OptimalPartitionCompute"));
    }

    private static int ErrorCode(string? code) => code switch
    {
        "InvalidState" => 32775,
        "InvalidParameter" => 32773,
        "NotSupported" or "GpuNotPartitionable" => 32770,
        _ => 32768,
    };

    /// <summary>Set from <see cref="FakeOptions.OmitJobReference"/> for the outputs this instance writes.</summary>
    private bool OmitJob => options.OmitJobReference;

    private FakeReply Output(FakeCall call, string method, int returnValue, string? job)
    {
        XNamespace p = call.ResourceUri;
        var jobReference = job is null || OmitJob ? null : new EndpointReference(ClassUri(Virtualization, "Msvm_ConcreteJob"), [new("InstanceID", job)]);
        return FakeSoap.Ok($"{call.ResourceUri}/{method}Response", call.MessageId,
            new XElement(p + $"{method}_OUTPUT",
                new XAttribute(XNamespace.Xmlns + "p", p),
                jobReference is null ? null : new XElement(p + "Job", jobReference.ToParameterContent()),
                new XElement(p + "ReturnValue", returnValue.ToString(CultureInfo.InvariantCulture))));
    }

    private static FakeReply Schema(FakeCall call, string what) =>
        call.Fault("s:Sender", "w:SchemaValidationError", FaultCodes.SchemaValidation, $"The SOAP XML in the message does not match the corresponding XML schema definition: {what}.");

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
