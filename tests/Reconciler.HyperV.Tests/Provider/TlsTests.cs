using Reconciler.Providers;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>Certificate validation is on by default; the CA file or the explicit opt-out are the only ways past it.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Observe_WithoutTheCaFile_RefusesTheSelfSignedCertificatePermanently()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var settings = File.ReadAllText(cluster.SettingsPath).Replace("caFile: winrm-ca.pem", "insecureSkipVerify: false", StringComparison.Ordinal);
        File.WriteAllText(cluster.SettingsPath, settings);

        var error = await Assert.ThrowsAsync<ProviderException>(() => HyperVTarget.Open(cluster.SettingsPath).ObserveAsync(CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Contains("tls.caFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_WithInsecureSkipVerify_AcceptsTheCertificate()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var settings = File.ReadAllText(cluster.SettingsPath).Replace("caFile: winrm-ca.pem", "insecureSkipVerify: true", StringComparison.Ordinal);
        File.WriteAllText(cluster.SettingsPath, settings);

        var observed = await HyperVTarget.Open(cluster.SettingsPath).ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
    }
}
