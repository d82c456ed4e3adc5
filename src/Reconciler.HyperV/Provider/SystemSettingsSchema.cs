using System.Globalization;
using System.Xml;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// The CIM types of Msvm_VirtualSystemSettingData's properties, from its MOF
/// (learn.microsoft.com/windows/win32/hyperv_v2/msvm-virtualsystemsettingdata). WS-Man answers
/// carry no types, and the CIM-XML text ModifySystemSettings takes needs one per property, so
/// the whole VSSD can be written back as os-win (vmutils: GetText_ of the setting) and the
/// Hyper-V module (GetEmbeddedInstance of the full setting) do (hyperv-evidence.md claim 13).
/// A property of a newer build this table lacks is left out and logged.
/// </summary>
internal static class SystemSettingsSchema
{
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["InstanceID"] = "string", ["Caption"] = "string", ["Description"] = "string", ["ElementName"] = "string",
        ["VirtualSystemIdentifier"] = "string", ["VirtualSystemType"] = "string", ["Notes"] = "string",
        ["CreationTime"] = "datetime", ["ConfigurationID"] = "string", ["ConfigurationDataRoot"] = "string",
        ["ConfigurationFile"] = "string", ["SnapshotDataRoot"] = "string", ["SuspendDataRoot"] = "string",
        ["SwapFileDataRoot"] = "string", ["LogDataRoot"] = "string", ["AutomaticStartupAction"] = "uint16",
        ["AutomaticStartupActionDelay"] = "datetime", ["AutomaticStartupActionSequenceNumber"] = "uint16",
        ["AutomaticShutdownAction"] = "uint16", ["AutomaticRecoveryAction"] = "uint16", ["RecoveryFile"] = "string",
        ["BIOSGUID"] = "string", ["BIOSSerialNumber"] = "string", ["BaseBoardSerialNumber"] = "string",
        ["ChassisSerialNumber"] = "string", ["ChassisAssetTag"] = "string", ["BIOSNumLock"] = "boolean",
        ["BootOrder"] = "uint16", ["Parent"] = "string", ["UserSnapshotType"] = "uint16", ["IsSaved"] = "boolean",
        ["AdditionalRecoveryInformation"] = "string", ["AllowFullSCSICommandSet"] = "boolean", ["DebugChannelId"] = "uint32",
        ["DebugPortEnabled"] = "uint16", ["DebugPort"] = "uint32", ["Version"] = "string", ["IncrementalBackupEnabled"] = "boolean",
        ["VirtualNumaEnabled"] = "boolean", ["AllowReducedFcRedundancy"] = "boolean", ["VirtualSystemSubType"] = "string",
        ["BootSourceOrder"] = "string", ["PauseAfterBootFailure"] = "boolean", ["NetworkBootPreferredProtocol"] = "uint16",
        ["GuestControlledCacheTypes"] = "boolean", ["AutomaticSnapshotsEnabled"] = "boolean", ["IsAutomaticSnapshot"] = "boolean",
        ["GuestStateFile"] = "string", ["GuestStateDataRoot"] = "string", ["LockOnDisconnect"] = "boolean",
        ["ParentPackage"] = "string", ["AutomaticCriticalErrorAction"] = "uint16", ["AutomaticCriticalErrorActionTimeout"] = "datetime",
        ["EnhancedSessionTransportType"] = "uint16", ["LowMmioGapSize"] = "uint64", ["HighMmioGapSize"] = "uint64",
        ["HighMmioGapBase"] = "uint64", ["SecureBootTemplateId"] = "string", ["SecureBootEnabled"] = "boolean",
        ["TurnOffOnGuestRestart"] = "boolean", ["GuestStateIsolationEnabled"] = "boolean", ["GuestStateIsolationType"] = "uint16",
        ["ApplicationHealthEnabled"] = "boolean",
    };

    public static readonly HashSet<string> Arrays = new(StringComparer.OrdinalIgnoreCase) { "Notes", "BootOrder", "BootSourceOrder" };

    /// <summary>The VSSD as read, every typed property kept, with <paramref name="changes"/> applied; unknown properties are returned to be logged.</summary>
    public static (CimXmlInstance Instance, IReadOnlyList<string> Left) Whole(CimInstance settings, IReadOnlyList<(string Name, string Value)> changes)
    {
        var properties = new List<CimXmlProperty>();
        var left = new List<string>();
        foreach (var name in settings.PropertyNames.Concat(changes.Select(c => c.Name)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Types.TryGetValue(name, out var type))
            {
                left.Add(name);
                continue;
            }

            var values = changes.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } change
                ? [change.Value]
                : settings.Strings(name).Select(v => type == "datetime" ? Dmtf(v) : v).ToArray();
            properties.Add(new CimXmlProperty(name, type, values, Arrays.Contains(name)));
        }

        return (new CimXmlInstance(CimClasses.SystemSettings, properties), left);
    }

    /// <summary>WS-Man gives datetimes as xs:dateTime and intervals as xs:duration (cim:Datetime, cim:Interval); CIM-XML wants the DMTF forms.</summary>
    public static string Dmtf(string value)
    {
        if (value.StartsWith('P') || value.StartsWith("-P", StringComparison.Ordinal))
        {
            var interval = XmlConvert.ToTimeSpan(value);
            return $"{interval.Days:00000000}{interval.Hours:00}{interval.Minutes:00}{interval.Seconds:00}.{interval.Milliseconds * 1000:000000}:000";
        }

        var time = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).ToUniversalTime();
        return time.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + "+000";
    }
}
