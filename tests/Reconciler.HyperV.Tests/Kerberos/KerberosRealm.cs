using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Reconciler.HyperV.WsMan.Transport;

namespace Reconciler.HyperV.Tests.Kerberos;

/// <summary>
/// A real MIT Kerberos realm for the tests: krb5kdc on a free loopback port with its own database
/// (kdb5_util), a user principal with the fake host's password, the fake host's HTTP/localhost
/// service principal in a keytab, and a client keytab for the user. One per test process, because
/// GSSAPI reads KRB5_CONFIG and KRB5_KTNAME from the process environment: they are set (natively)
/// before any test touches GSSAPI, by whichever test asks for the realm first.
/// krb5.conf turns off DNS and reverse lookups (rdns, dns_canonicalize_hostname) so the SPN is
/// exactly HTTP/localhost, the name the tests connect to.
/// </summary>
public sealed class KerberosRealm
{
    public const string Realm = "RECONCILER.TEST";
    public const string HostName = "localhost";

    private static readonly Lazy<KerberosRealm> SharedRealm = new(Start);

    private KerberosRealm(string directory, int port, Process kdc)
    {
        Directory = directory;
        Port = port;
        Kdc = kdc;
    }

    /// <summary>The realm of this test process, started on first use and stopped when the process exits.</summary>
    public static KerberosRealm Shared => SharedRealm.Value;

    public string Directory { get; }

    public int Port { get; }

    private Process Kdc { get; }

    public string ConfigFile => Path.Combine(Directory, "krb5.conf");

    /// <summary>The fake host's keys: HTTP/localhost@RECONCILER.TEST.</summary>
    public string HostKeytab => Path.Combine(Directory, "http.keytab");

    /// <summary>The user's keys, for a client that logs on with a keytab instead of a password.</summary>
    public string UserKeytab => Path.Combine(Directory, "user.keytab");

    public string KdcLog => Path.Combine(Directory, "kdc.log");

    /// <summary>Adds a principal (kadmin.local), e.g. another service name.</summary>
    public void AddPrincipal(string name, string? password = null) =>
        Run("kadmin.local", "-q", password is null ? $"addprinc -randkey {name}" : $"addprinc -pw {password} {name}");

    private static KerberosRealm Start()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("reconciler-kdc-").FullName;
        var port = FreePort();
        File.WriteAllText(Path.Combine(directory, "krb5.conf"), $$"""
            [libdefaults]
                default_realm = {{Realm}}
                dns_lookup_kdc = false
                dns_lookup_realm = false
                rdns = false
                dns_canonicalize_hostname = false
                udp_preference_limit = 1
            [realms]
                {{Realm}} = {
                    kdc = 127.0.0.1:{{port}}
                }
            [domain_realm]
                {{HostName}} = {{Realm}}
            """);
        File.WriteAllText(Path.Combine(directory, "kdc.conf"), $$"""
            [kdcdefaults]
                kdc_ports = {{port}}
                kdc_tcp_ports = {{port}}
            [realms]
                {{Realm}} = {
                    database_name = {{directory}}/principal
                    key_stash_file = {{directory}}/stash
                    acl_file = {{directory}}/kadm5.acl
                    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                }
            [logging]
                kdc = FILE:{{directory}}/kdc.log
            """);
        File.WriteAllText(Path.Combine(directory, "kadm5.acl"), "");
        var realm = new KerberosRealm(directory, port, null!);
        realm.Run("kdb5_util", "create", "-s", "-r", Realm, "-P", "master-" + Guid.NewGuid());
        var options = new Fake.FakeOptions();
        realm.Run("kadmin.local", "-q", $"addprinc -pw {options.Password} {options.Username}");
        realm.Run("kadmin.local", "-q", $"addprinc -randkey HTTP/{HostName}");
        realm.Run("kadmin.local", "-q", $"ktadd -k {realm.HostKeytab} HTTP/{HostName}");
        realm.Run("kadmin.local", "-q", $"ktadd -k {realm.UserKeytab} -norandkey {options.Username}");
        var kdc = Process.Start(realm.Info("krb5kdc", "-n", "-P", Path.Combine(directory, "kdc.pid")))!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(kdc, directory);
        WaitForListener(port, kdc);

        // Before anything in this process initialises GSSAPI: where the realm is, the acceptor's
        // keytab, and tickets kept in memory rather than the user's own cache.
        Use("KRB5_CONFIG", realm.ConfigFile);
        Use("KRB5_KTNAME", realm.HostKeytab);
        Use("KRB5CCNAME", "MEMORY:reconciler-tests");
        return new KerberosRealm(directory, port, kdc);
    }

    private static void Use(string name, string value)
    {
        if (!KerberosEnvironment.TryUse(name, value, out var current))
        {
            throw new InvalidOperationException($"{name} is already {current} in this test process");
        }
    }

    private void Run(params string[] arguments)
    {
        var info = Info(arguments[0], arguments[1..]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }

    private ProcessStartInfo Info(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(File.Exists($"/usr/sbin/{program}") ? $"/usr/sbin/{program}" : program) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["KRB5_CONFIG"] = ConfigFile;
        info.Environment["KRB5_KDC_PROFILE"] = Path.Combine(Directory, "kdc.conf");
        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForListener(int port, Process kdc)
    {
        for (var i = 0; i < 200; i++)
        {
            if (kdc.HasExited)
            {
                throw new InvalidOperationException($"krb5kdc exited with {kdc.ExitCode} before it listened on {port}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                kdc.WaitForExit(50); // readiness poll, not a timing assertion
            }
        }

        throw new InvalidOperationException($"krb5kdc did not listen on {port}");
    }

    private static void Stop(Process kdc, string directory)
    {
        try
        {
            if (!kdc.HasExited)
            {
                kdc.Kill();
                kdc.WaitForExit(5000);
            }

            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort at process exit: a leftover temp directory harms nothing.
        }
    }
}
