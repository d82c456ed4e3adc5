using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Reconciler.HyperV.Fake;
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
    public async Task Observe_WithOnlyTheRootInTheCaFile_TrustsALeafIssuedThroughTheIntermediateTheHostSends()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { Tls = Chain(serverAuth: true) });

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
    }

    [Fact]
    public async Task Observe_RefusesACertificateWithoutTheServerAuthenticationUsage()
    {
        var tls = Chain(serverAuth: false);
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { Tls = tls });

        // Both CAs trusted, so the chain itself is fine: only the leaf's usage is wrong.
        File.AppendAllText(Path.Combine(cluster.Directory, "winrm-ca.pem"), "\n" + tls.Intermediates[0].ExportCertificatePem() + "\n");
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

    /// <summary>Root → intermediate → leaf for 127.0.0.1; the leaf's usage is server or (to be refused) client authentication.</summary>
    private static FakeTls Chain(bool serverAuth)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Reconciler Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Reconciler Test Issuing CA", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(2), [1]);
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=hv-01", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        using var leafPublic = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(1), [2]);
        using var leaf = leafPublic.CopyWithPrivateKey(leafKey);

        // Re-imported so the private key is usable by SslStream on every platform.
        return new FakeTls(
            X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pfx), null),
            [X509CertificateLoader.LoadCertificate(intermediate.RawData)],
            X509CertificateLoader.LoadCertificate(root.RawData));
    }
}
