using System.Runtime.InteropServices;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// Points GSSAPI at a krb5.conf or a client keytab. MIT Kerberos reads KRB5_CONFIG,
/// KRB5_CLIENT_KTNAME and KRB5CCNAME from the process environment (the native one: .NET's
/// Environment.SetEnvironmentVariable does not reach it on Unix), so a value is set once per
/// process; a second settings file asking for another one is refused rather than silently
/// switching every other connection's Kerberos setup.
/// </summary>
internal static partial class KerberosEnvironment
{
    private static readonly Dictionary<string, string> Set = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>Sets <paramref name="name"/> for GSSAPI; false when this process already set it to something else (<paramref name="current"/>).</summary>
    public static bool TryUse(string name, string value, out string? current)
    {
        lock (Gate)
        {
            if (Set.TryGetValue(name, out current))
            {
                return current == value;
            }

            if (OperatingSystem.IsWindows())
            {
                Environment.SetEnvironmentVariable(name, value);
            }
            else if (SetNative(name, value, 1) != 0)
            {
                throw new InvalidOperationException($"setenv {name} failed (errno {Marshal.GetLastPInvokeError()})");
            }

            // Also in .NET's copy, so child processes (kinit, tests' clients) see the same.
            Environment.SetEnvironmentVariable(name, value);
            Set[name] = value;
            current = value;
            return true;
        }
    }

    /// <summary>Sets <paramref name="name"/> unless the process environment already has a value (an operator's choice wins).</summary>
    public static void Default(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            TryUse(name, value, out _);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetNative(string name, string value, int overwrite);
}
