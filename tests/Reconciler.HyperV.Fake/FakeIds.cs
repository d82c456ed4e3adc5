using System.Security.Cryptography;
using System.Text;
using Reconciler.Observed;
using Reconciler.Simulation.State;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The identities a Hyper-V host gives its objects, derived from names so they stay the same
/// from one request to the next (the simulated state stores names, not GUIDs).
/// </summary>
public static class FakeIds
{
    public const string InterfaceGuid = "{064092b3-625e-43bf-9eb5-dc845897dd59}";
    public const string ShutdownComponentGuid = "9F8233AC-BE49-4C79-8EE3-E7E1985B2077";
    public const string PrimordialPciPool = @"Microsoft:Primordial\PciExpress";

    public static string Guid(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToUpperInvariant()));
        return new Guid(hash.AsSpan(0, 16)).ToString().ToUpperInvariant();
    }

    public static string Vm(string name) => Guid("vm/" + name);

    public static string SystemSettings(string vm) => $"Microsoft:{Vm(vm)}";

    public static string Partition(string vm) => $@"Microsoft:{Vm(vm)}\{Guid("gpup/" + vm)}";

    public static string Dda(string vm, int index) => $@"Microsoft:{Vm(vm)}\{Guid($"dda/{vm}/{index}")}";

    public static string PciDevice(string host, string locationPath) => "Microsoft:" + Guid($"pci/{host}/{locationPath}");

    /// <summary>A VM's GPU partition device on the host (unsourced form: a real host's differs, its role is the same).</summary>
    public static string PartitionDevice(string vm) => $@"PCI\VEN_10DE&DEV_GPUP\{Guid("gpup-device/" + vm)}";

    /// <summary>The partition's virtual function LUID: a new VF, on another GPU, has another.</summary>
    public static string VfLuid(string vm, string gpuLocationPath) => "0-" + Convert.ToUInt32(Guid($"vf/{vm}/{gpuLocationPath}")[..8], 16).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Pool(string name) => "Microsoft:" + Guid("pool/" + name);

    /// <summary>The device interface path Msvm_PartitionableGpu.Name holds: "\\?\PCI#VEN_…#{guid}".</summary>
    public static string PartitionableName(SimGpu gpu) =>
        @"\\?\" + gpu.InstancePath.Replace('\\', '#') + "#" + InterfaceGuid + (gpu.Status == GpuStatus.Paravirtualization ? @"\GPUPARAV" : "");

    public static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
