using System.Xml.Linq;
using Reconciler.HyperV.WsMan;
using Reconciler.Simulation.State;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The host's Plug and Play devices in root/cimv2 as far as GPUs go: Win32_PnPEntity per GPU
/// (learn.microsoft.com/windows/win32/cimwin32prov/win32-pnpentity) and its GetDeviceProperties
/// method (…/getdeviceproperties-win32-pnpentity), answering DEVPKEY_Device_LocationPaths
/// (learn.microsoft.com/windows-hardware/drivers/install/devpkey-device-locationpaths, a string
/// list) and DEVPKEY_Device_Children (the partition devices of VMs running on the GPU: inferred,
/// the parent/child relation of a GPU-P partition device is not documented).
/// </summary>
public static class FakePnp
{
    public const string ClassName = "Win32_PnPEntity";

    /// <summary>DEVPROP_TYPE_STRING_LIST (devpropdef.h: DEVPROP_TYPEMOD_LIST 0x2000 | DEVPROP_TYPE_STRING 0x12).</summary>
    private const string StringListType = "8210";

    public static IEnumerable<FakeInstance> Entities(SimHost host) =>
        host.Gpus.Select(g => new FakeInstance(Cimv2, ClassName)
            .With("DeviceID", g.InstancePath)
            .With("PNPDeviceID", g.InstancePath)
            .With("Name", g.Model)
            .With("PNPClass", "Display")
            .With("Present", true));

    /// <summary>GetDeviceProperties_OUTPUT: deviceProperties, one embedded Win32_PnPDevicePropertyStringArray per key asked.</summary>
    public static FakeReply GetDeviceProperties(FakeCall call, SimHost host)
    {
        var gpu = host.Gpus.FirstOrDefault(g => FakeIds.Same(g.InstancePath, call.Selector("DeviceID")));
        if (gpu is null)
        {
            return call.NotFound();
        }

        XNamespace p = call.ResourceUri;
        var keys = call.Body?.Elements(p + "devicePropertyKeys").Select(k => k.Value.Trim()).ToList() ?? [];
        var properties = keys.Select(key => key switch
        {
            "DEVPKEY_Device_LocationPaths" => Property(p, gpu, key, [gpu.LocationPath, $"ACPI(_SB_)#ACPI(PCI0)#{gpu.LocationPath[(gpu.LocationPath.IndexOf('#', StringComparison.Ordinal) + 1)..]}"]),
            "DEVPKEY_Device_Children" => Property(p, gpu, key, host.Vms.Where(v => FakeIds.Same(v.Adapter?.ResolvedGpu, gpu.LocationPath)).Select(v => FakeIds.PartitionDevice(v.Name)).ToArray()),
            _ => Property(p, gpu, key, []),
        });
        return FakeSoap.Ok($"{call.ResourceUri}/GetDevicePropertiesResponse", call.MessageId,
            new XElement(p + "GetDeviceProperties_OUTPUT",
                new XAttribute(XNamespace.Xmlns + "p", p),
                properties,
                new XElement(p + "ReturnValue", "0")));
    }

    private static XElement Property(XNamespace p, SimGpu gpu, string key, string[] data) =>
        new(p + "deviceProperties",
            new XAttribute(Xsi + "type", "p:Win32_PnPDevicePropertyStringArray_Type"),
            data.Length == 0 ? [new XElement(p + "Data", new XAttribute(Xsi + "nil", "true"))] : data.Select(d => new XElement(p + "Data", d)),
            new XElement(p + "DeviceID", gpu.InstancePath),
            new XElement(p + "KeyName", key),
            new XElement(p + "Type", data.Length == 0 ? "0" : StringListType));
}
