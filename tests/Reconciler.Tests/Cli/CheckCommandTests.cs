using System.Text.Json;
using Reconciler.HyperV.Fake;

namespace Reconciler.Tests.Cli;

/// <summary>
/// <c>reconciler check</c> run as a user runs it: against the standalone fake host started as
/// docs/hyperv.md says, against the in-process fake where a failure needs a fake option, and
/// against a simulated cluster.
/// </summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Repo(params string[] parts) => Path.Combine([ReconcilerProcess.RepoRoot, .. parts]);

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    private (FakeHostProcess Fake, string Settings) StartFake(string world)
    {
        var settings = Path.Combine(_dir, "lab", "hyperv.yaml");
        var fake = FakeHostProcess.Start(_dir, "--world", Repo("specs", "worlds", world), "--listen", "https://127.0.0.1:0", "--settings-out", settings);
        fake.WaitForSettings(settings);
        return (fake, settings);
    }

    [Fact]
    public void Check_HealthyStandaloneFake_PassesEveryLineAndExitsZero()
    {
        var (fake, settings) = StartFake("store-042.yaml");
        using var _ = fake;

        var result = Run("check", "--hyperv", settings);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.StartsWith("► edge-042 (https://127.0.0.1:", result.Output, StringComparison.Ordinal);
        foreach (var line in new[]
        {
            "✔ name 127.0.0.1 resolves: an IP address", "✔ WS-Man Identify answers: Microsoft Corporation, WS-Man stack 3.0",
            "✔ authentication: Basic as reconciler; OS 10.0.26100 (Windows Server 2025 / Azure Local)", "✔ access to root\\virtualization\\v2: granted",
            "✔ access to root\\cimv2: granted", "- access to root\\MSCluster: no failover cluster namespace: a standalone host",
            "✔ GPU inventory: 1 × NVIDIA L4 Partitioned (4 partitions), 1 × NVIDIA L4 Partitioned (2 partitions), 1 × NVIDIA L4 Partitioned (1 partition)", "✔ host GPU driver: 580.86", "✔ all checks passed",
        })
        {
            Assert.Contains(line, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_StandaloneFakeAsHostsCome_PassesOverHttpWithNegotiateAndNamesThePackage()
    {
        var settings = Path.Combine(_dir, "lab", "hyperv.yaml");
        using var fake = FakeHostProcess.Start(_dir, "--world", Repo("specs", "worlds", "store-042.yaml"), "--listen", "http://127.0.0.1:0", "--auth", "negotiate", "--settings-out", settings);
        fake.WaitForSettings(settings);

        var result = Run("check", "--hyperv", settings);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("► edge-042 (http://127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.Contains("✔ authentication: Negotiate (NTLM) as reconciler; OS 10.0.26100", result.Output, StringComparison.Ordinal);
        Assert.Contains("! name 127.0.0.1 resolves: an IP address", result.Output, StringComparison.Ordinal);
        Assert.Contains("✔ access to root\\virtualization\\v2: granted", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NonHomogeneousCluster_FailsHomogeneityAndExitsOne()
    {
        var (fake, settings) = StartFake("vdi-east.yaml");
        using var _ = fake;

        var result = Run("check", "--hyperv", settings);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ same partition count on every node: 4 on hv-vdi-01; 2 on hv-vdi-02", result.Output, StringComparison.Ordinal);
        Assert.Contains("  → set one partition count on every node", result.Output, StringComparison.Ordinal);
        Assert.Contains("✗ 1 check failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WrongPassword_FailsAuthenticationWithItsRemedy()
    {
        var (fake, settings) = StartFake("store-042.yaml");
        using var _ = fake;
        File.WriteAllText(Path.Combine(_dir, "lab", "password"), "wrong\n");

        var result = Run("check", "--hyperv", settings);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ authentication: Basic as reconciler: refused (HTTP 401)", result.Output, StringComparison.Ordinal);
        Assert.Contains("  → check the usernameFile and passwordFile; Basic works only for local accounts", result.Output, StringComparison.Ordinal);
        Assert.Contains("- access to root\\virtualization\\v2: not run: authentication failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ClosedPort_FailsThePortLineAsJson()
    {
        var (fake, settings) = StartFake("store-042.yaml");
        fake.Interrupt(); // the settings file is removed with the fake: write it back, now pointing at nothing
        File.WriteAllText(settings, $$"""
            apiVersion: reconciler/v1
            kind: HyperVConnection
            metadata: { name: store-042 }
            spec:
              hosts: [ { name: edge-042, address: 127.0.0.1, port: {{FreePorts.Consecutive(1)}} } ]
              transport: https
              auth: basic
              usernameFile: username
              passwordFile: password
            """);
        fake.Dispose();

        var result = Run("check", "--hyperv", settings, "-o", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        var checks = json.RootElement.GetProperty("hosts")[0].GetProperty("checks").EnumerateArray().ToList();
        var port = checks.Single(c => c.GetProperty("id").GetString() == "port");
        Assert.Equal("fail", port.GetProperty("status").GetString());
        Assert.Equal("closed: connection refused", port.GetProperty("detail").GetString());
        Assert.Contains("firewall", port.GetProperty("remedy").GetString(), StringComparison.Ordinal);
        Assert.Equal("skip", checks.Single(c => c.GetProperty("id").GetString() == "auth").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Check_HyperVNamespaceDenied_SaysHyperVAdministrators()
    {
        Assert.Equal(0, Run("sim", "init", Repo("specs", "worlds", "store-042.yaml"), "--sim", "state").ExitCode);
        var options = new FakeOptions();
        options.DeniedNamespaces.Add("root/virtualization/v2");
        await using var server = await FakeWinRmServer.StartAsync(Path.Combine(_dir, "state"), options);
        var settings = server.WriteSettings(_dir, "store-042");

        var result = Run("check", "--hyperv", settings);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("✗ access to root\\virtualization\\v2: access denied (WSMan 5 w:AccessDenied)", result.Output, StringComparison.Ordinal);
        Assert.Contains("  → add the account to the host's Hyper-V Administrators group", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Sim_ReportsInventoryWithWacStatusesAsJson()
    {
        Assert.Equal(0, Run("sim", "init", Repo("specs", "worlds", "ai-west.yaml"), "--sim", "state").ExitCode);

        var result = Run("check", "--sim", "state", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("sim", json.RootElement.GetProperty("target").GetString());
        var statuses = json.RootElement.GetProperty("gpus").EnumerateArray().Select(g => g.GetProperty("status").GetString()).Distinct().Order().ToList();
        Assert.Equal(["Partitioned", "Ready for DDA assignment"], statuses);
        Assert.Equal(["gpus", "driver"], json.RootElement.GetProperty("hosts")[0].GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Contains(json.RootElement.GetProperty("acrossHosts").EnumerateArray(), c => c.GetProperty("id").GetString() == "homogeneity.partitionCount");
    }

    [Fact]
    public void Check_BothTargets_IsAUsageError()
    {
        var result = Run("check", "--sim", "state", "--hyperv", "hyperv.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sim and --hyperv", result.Error, StringComparison.Ordinal);
    }
}
