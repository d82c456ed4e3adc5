using System.Diagnostics;
using Reconciler.HyperV.Tests.Kerberos;

namespace Reconciler.HyperV.Tests.Interop;

/// <summary>
/// A third-party WinRM client against the fake host: Debian's python3-winrm (pywinrm 0.3) with
/// requests-ntlm authenticates over HTTP and enumerates a class with message encryption on, so the
/// fake's Negotiate and encrypted framing are WinRM's, not a dialect shared only with our client.
/// (Debian's pykerberos lacks authGSSWinRMEncryptMessage, so pywinrm cannot encrypt with
/// Kerberos here; requests-kerberos' wrap_winrm raises NotImplementedError.)
/// </summary>
public sealed class PywinrmInteropTests
{
    [Fact]
    public async Task Pywinrm_WithNtlmAndEncryption_EnumeratesTheHostsVirtualMachines()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(idleVms: 2), NegotiateFake.Options());
        var endpoint = $"http://{KerberosRealm.HostName}:{cluster.Server.Ports.Values.First()}/wsman";

        var (exit, output, error) = await RunAsync(endpoint, "ntlm", "SELECT * FROM Msvm_ComputerSystem");

        Assert.True(exit == 0, $"pywinrm failed ({exit}): {error}");
        var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("idle-1", names);
        Assert.Contains("idle-2", names);
        Assert.Contains("hv-01", names); // the host itself, beside its VMs
        Assert.Equal("NTLM", Assert.Single(cluster.Server.Authenticator.Packages));
        Assert.Contains(cluster.Server.Requests, r => r.Action.EndsWith("/Enumerate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pywinrm_OnAHostWhoseGpusAreAllPartitioned_FindsEachPartitionableGpuAndNoPciExpress()
    {
        // Windows' read semantics hold for any client (os-win hostutils10: Msvm_PciExpress holds
        // only dismounted devices; MS msvm-partitionablegpu: one entry per GPU-P GPU).
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(idleVms: 0), NegotiateFake.Options());
        var endpoint = $"http://{KerberosRealm.HostName}:{cluster.Server.Ports.Values.First()}/wsman";

        var partitionable = await RunAsync(endpoint, "ntlm", "SELECT * FROM Msvm_PartitionableGpu");
        var pci = await RunAsync(endpoint, "ntlm", "SELECT * FROM Msvm_PciExpress");

        Assert.True(partitionable.Exit == 0, partitionable.Error);
        Assert.Equal(["NVIDIA A16", "NVIDIA A16"], partitionable.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.NotEqual(0, pci.Exit);
        Assert.True(pci.Error.Contains("no instance in the answer", StringComparison.Ordinal), $"pywinrm's second query failed otherwise:\n{pci.Error}");
    }

    [Fact]
    public async Task Pywinrm_WithAWrongPassword_IsRefused()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options());
        var endpoint = $"http://{KerberosRealm.HostName}:{cluster.Server.Ports.Values.First()}/wsman";

        var (exit, _, error) = await RunAsync(endpoint, "ntlm", "SELECT * FROM Msvm_ComputerSystem", password: "wrong");

        Assert.NotEqual(0, exit);
        Assert.Contains("rejected", error, StringComparison.Ordinal);
        Assert.Empty(cluster.Server.Requests);
    }

    /// <summary>Debian's interpreter, where python3-winrm is installed (a pyenv or venv python3 earlier in PATH lacks it).</summary>
    private const string DebianPython = "/usr/bin/python3";

    [Fact]
    public async Task PywinrmFraming_WithKerberosIovWrapping_EnumeratesOverAnEncryptedSession()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(idleVms: 2), NegotiateFake.Options());
        var endpoint = $"http://{KerberosRealm.HostName}:{cluster.Server.Ports.Values.First()}/wsman";
        var realm = KerberosRealm.Shared;

        var (exit, output, error) = await RunScriptAsync("pywinrm_kerberos.py", [endpoint, "SELECT * FROM Msvm_ComputerSystem"], new()
        {
            ["KRB5_CONFIG"] = realm.ConfigFile,
            ["KRB5_CLIENT_KTNAME"] = realm.UserKeytab,
            ["KRB5CCNAME"] = "MEMORY:pywinrm",
        });

        Assert.True(exit == 0, $"the Kerberos client failed ({exit}): {error}");
        Assert.Contains("idle-2", output.Split('\n', StringSplitOptions.TrimEntries));
        Assert.Equal("Kerberos", Assert.Single(cluster.Server.Authenticator.Packages));
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string endpoint, string auth, string wql, string password = "fake-password") =>
        RunScriptAsync("pywinrm_enumerate.py", [endpoint, "reconciler", password, auth, wql], []);

    private static async Task<(int Exit, string Output, string Error)> RunScriptAsync(string script, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(DebianPython) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.Environment["NO_PROXY"] = "*";
        info.Environment["OPENSSL_CONF"] = Path.Combine(AppContext.BaseDirectory, "Interop", "openssl-md4.cnf");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
