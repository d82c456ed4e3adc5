using Reconciler.HyperV.Fake;
using Reconciler.HyperV.Fake.Auth;

namespace Reconciler.HyperV.Tests.Kerberos;

/// <summary>Fake host options for WinRM as hosts come: HTTP, Negotiate with the test realm's keytab, encryption required.</summary>
internal static class NegotiateFake
{
    public static FakeOptions Options()
    {
        var realm = KerberosRealm.Shared;
        return new FakeOptions
        {
            Auth = FakeAuth.Negotiate,
            KeytabFile = realm.HostKeytab,
            KerberosConfigFile = realm.ConfigFile,
            HostName = KerberosRealm.HostName,
            Listen = new FakeListen(System.Net.IPAddress.Loopback, 0, Https: false),
        };
    }
}
