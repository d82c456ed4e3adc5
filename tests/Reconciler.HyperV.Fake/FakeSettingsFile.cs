using System.Security.Cryptography.X509Certificates;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// Writes the HyperVConnection settings file (docs/hyperv.md) that reaches a running fake: every
/// host at its address and port, the credential files next to it, and for HTTPS the CA that
/// issued the listeners' certificate.
/// </summary>
public static class FakeSettingsFile
{
    /// <param name="path">The settings file; username, password and winrm-ca.pem go beside it.</param>
    /// <param name="hosts">Host name, address and port, in the world's order.</param>
    /// <param name="ca">The certificate to trust; null for plain HTTP.</param>
    /// <param name="extraSpec">More lines for the spec (indented two spaces), e.g. timeouts.</param>
    public static string Write(string path, string clusterName, IEnumerable<(string Name, string Address, int Port)> hosts,
        FakeOptions options, X509Certificate2? ca, string auth, string extraSpec = "")
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "username"), options.Username + "\n");
        File.WriteAllText(Path.Combine(directory, "password"), options.Password + "\n");
        // Plain HTTP (5985) is the provider's default transport; HTTPS has to be asked for.
        var tls = "\n  transport: http";
        if (ca is not null)
        {
            File.WriteAllText(Path.Combine(directory, "winrm-ca.pem"), ca.ExportCertificatePem());
            tls = "\n  transport: https\n  tls:\n    caFile: winrm-ca.pem";
        }

        var kerberos = options.KerberosConfigFile is { } krb5 ? $"\n  kerberos:\n    configFile: {krb5}" : "";
        var hostLines = string.Join("\n", hosts.Select(h => $"    - {{ name: {h.Name}, address: {h.Address}, port: {h.Port} }}"));
        var text = $"""
            apiVersion: reconciler/v1
            kind: HyperVConnection
            metadata:
              name: {clusterName}
            spec:
              hosts:
            {hostLines}
              auth: {auth}
              usernameFile: username
              passwordFile: password{tls}{kerberos}

            """ + extraSpec;

        // Written whole, then renamed: whoever waits for the file never reads half of it.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
