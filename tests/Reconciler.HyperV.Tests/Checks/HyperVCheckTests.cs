using System.Net;
using Reconciler.Checks;
using Reconciler.HyperV.Checks;
using Reconciler.HyperV.Fake;
using Reconciler.HyperV.Tests.Kerberos;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Tests.Checks;

/// <summary>The whole preflight against the fake host, for each failure the fake can produce.</summary>
public sealed class HyperVCheckTests
{
    private static Task<CheckReport> CheckAsync(FakeCluster cluster) =>
        HyperVCheck.RunAsync(cluster.SettingsPath, TimeProvider.System, CancellationToken.None);

    private static CheckResult Result(CheckReport report, string id) => report.Hosts.Single().Checks.Single(c => c.Id == id);

    [Fact]
    public async Task RunAsync_HealthyHost_PassesEveryCheckInOrder()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        var report = await CheckAsync(cluster);

        Assert.True(report.Passed);
        Assert.Equal(["name", "port", "identify", "auth", "namespace.virtualization", "namespace.cimv2", "namespace.cluster", "gpus", "driver"],
            report.Hosts.Single().Checks.Select(c => c.Id));
        Assert.Contains("Basic as reconciler; OS 10.0.26100", Result(report, "auth").Detail, StringComparison.Ordinal);
        Assert.Contains("stack 3.0", Result(report, "identify").Detail, StringComparison.Ordinal);
        Assert.Equal(2, report.Gpus.Count);
        Assert.All(report.Gpus, g => Assert.Equal("Partitioned", g.Status));
    }

    [Fact]
    public async Task RunAsync_StandaloneHost_SkipsTheClusterNamespaceAndPasses()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(failoverCluster: false));

        var report = await CheckAsync(cluster);

        Assert.True(report.Passed);
        Assert.Equal(CheckStatus.Skip, Result(report, "namespace.cluster").Status);
    }

    [Fact]
    public async Task RunAsync_WrongPassword_FailsAuthenticationAndSkipsTheRest()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await File.WriteAllTextAsync(Path.Combine(cluster.Directory, "password"), "not-the-password\n");

        var report = await CheckAsync(cluster);

        Assert.False(report.Passed);
        Assert.Equal(CheckStatus.Fail, Result(report, "auth").Status);
        Assert.Contains("refused (HTTP 401)", Result(report, "auth").Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, Result(report, "identify").Status); // anonymous Identify needs no password
        Assert.Equal(CheckStatus.Skip, Result(report, "namespace.virtualization").Status);
        Assert.Empty(report.Gpus);
    }

    [Theory]
    [InlineData(WsManNames.Virtualization, "namespace.virtualization", "Hyper-V Administrators")]
    [InlineData(WsManNames.Cimv2, "namespace.cimv2", "Remote Enable")]
    [InlineData(WsManNames.Cluster, "namespace.cluster", "Grant-ClusterAccess")]
    public async Task RunAsync_NamespaceDenied_FailsThatNamespaceWithItsRemedy(string wmiNamespace, string id, string remedy)
    {
        var options = new FakeOptions();
        options.DeniedNamespaces.Add(wmiNamespace);
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        var report = await CheckAsync(cluster);

        var result = Result(report, id);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("access denied (WSMan 5 w:AccessDenied)", result.Detail, StringComparison.Ordinal);
        Assert.Contains(remedy, result.Remedy, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Skip, Result(report, "gpus").Status);
        Assert.Equal(1, report.Hosts.Single().Checks.Count(c => c.Status == CheckStatus.Fail));
    }

    [Fact]
    public async Task RunAsync_ClosedPort_FailsThePortCheck()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var port = cluster.Server.Ports.Single().Value;
        var closed = ClosedPort();
        await File.WriteAllTextAsync(cluster.SettingsPath, (await File.ReadAllTextAsync(cluster.SettingsPath)).Replace($"port: {port}", $"port: {closed}", StringComparison.Ordinal));

        var report = await CheckAsync(cluster);

        var result = Result(report, "port");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal($"TCP port {closed} open", result.Title);
        Assert.Equal("closed: connection refused", result.Detail);
        Assert.Equal(CheckStatus.Skip, Result(report, "identify").Status);
    }

    [Fact]
    public async Task RunAsync_HttpListenerWhereHttpsIsExpected_NamesTheMismatch()
    {
        // The fake listens on HTTP; the settings say HTTPS (written as negotiate so they open, then switched).
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { Listen = FakeListen.LoopbackHttps with { Https = false } }, auth: "negotiate");
        await File.WriteAllTextAsync(cluster.SettingsPath, (await File.ReadAllTextAsync(cluster.SettingsPath))
            .Replace("transport: http\n", "transport: https\n", StringComparison.Ordinal).Replace("auth: negotiate", "auth: basic", StringComparison.Ordinal));

        var report = await CheckAsync(cluster);

        var result = Result(report, "identify");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("speaks plain HTTP, not HTTPS", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HttpsListenerWhereHttpIsExpected_NamesTheMismatch()
    {
        // The fake listens on HTTPS; the settings say plain HTTP with Negotiate.
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await File.WriteAllTextAsync(cluster.SettingsPath, (await File.ReadAllTextAsync(cluster.SettingsPath))
            .Replace("transport: https\n", "transport: http\n", StringComparison.Ordinal).Replace("auth: basic", "auth: negotiate", StringComparison.Ordinal)
            .Replace("  tls:\n    caFile: winrm-ca.pem\n", "", StringComparison.Ordinal));

        var report = await CheckAsync(cluster);

        var result = Result(report, "identify");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("speaks TLS, not plain HTTP", result.Detail, StringComparison.Ordinal);
        Assert.Contains("transport: https", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UntrustedCertificate_SaysToSetTheCaFile()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await File.WriteAllTextAsync(cluster.SettingsPath, (await File.ReadAllTextAsync(cluster.SettingsPath)).Replace("    caFile: winrm-ca.pem\n", "    caFile: other-ca.pem\n", StringComparison.Ordinal));
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            var other = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(cluster.Directory, "other-ca.pem"), other.ExportCertificatePem());
        }

        var report = await CheckAsync(cluster);

        var result = Result(report, "identify");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("tls.caFile", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KerberosFromTheRealKdc_PassesNamingKerberos()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");

        var report = await CheckAsync(cluster);

        Assert.True(report.Passed, string.Join("\n", report.Hosts.Single().Checks.Select(c => $"{c.Id} {c.Status} {c.Detail}")));
        Assert.StartsWith("Kerberos as reconciler;", Result(report, "auth").Detail, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost:", report.Hosts.Single().Endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KerberosWithAPasswordTheKdcRefuses_SaysNoTicket()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");
        await File.WriteAllTextAsync(Path.Combine(cluster.Directory, "password"), "not-the-password\n");

        var report = await CheckAsync(cluster);

        var result = Result(report, "auth");
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("Kerberos as reconciler: Kerberos failed: no ticket (asked for HTTP/localhost)", result.Detail);
        Assert.Contains("kinit", result.Remedy, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again once disposed
    }
}
