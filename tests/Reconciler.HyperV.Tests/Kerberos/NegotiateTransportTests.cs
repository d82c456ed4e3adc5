using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Reconciler.HyperV.Fake;
using Reconciler.HyperV.Settings;
using Reconciler.HyperV.WsMan;
using Reconciler.HyperV.WsMan.Transport;
using Reconciler.Providers;

namespace Reconciler.HyperV.Tests.Kerberos;

/// <summary>
/// WinRM over HTTP as hosts come: Kerberos from a real KDC, NTLM, the fall-back between them,
/// encryption of every body, and what the host refuses.
/// </summary>
public sealed class NegotiateTransportTests
{
    [Fact]
    public async Task Observe_OverHttpWithKerberos_AuthenticatesOnceWithATicketFromTheKdc()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
        Assert.NotEmpty(cluster.Server.Requests);

        // One handshake per host connection, every later message sealed with that context.
        Assert.Equal(cluster.Server.Ports.Count, cluster.Server.Authenticator.Packages.Count);
        Assert.All(cluster.Server.Authenticator.Packages, p => Assert.Equal("Kerberos", p));
        Assert.Contains($"for HTTP/{KerberosRealm.HostName}@{KerberosRealm.Realm}", File.ReadAllText(KerberosRealm.Shared.KdcLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_WithNtlm_AuthenticatesWithNtlmAndEncrypts()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "ntlm");

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
        Assert.All(cluster.Server.Authenticator.Packages, p => Assert.Equal("NTLM", p));
    }

    [Fact]
    public async Task Observe_NegotiateToAnIpAddress_FallsBackToNtlmBecauseNoSpnNamesAnAddress()
    {
        var options = NegotiateFake.Options();
        options.HostName = "127.0.0.1";
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options, auth: "negotiate");

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
        Assert.All(cluster.Server.Authenticator.Packages, p => Assert.Equal("NTLM", p));
    }

    [Fact]
    public async Task Observe_KerberosToAnIpAddress_FailsPermanentlyNamingTheSpn()
    {
        var options = NegotiateFake.Options();
        options.HostName = "127.0.0.1";
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options, auth: "kerberos");

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ObserveAsync(CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        var auth = Assert.IsType<WsManAuthException>(error.InnerException?.InnerException);
        Assert.Equal("Kerberos", auth.Package);
        Assert.Equal("HTTP/127.0.0.1", auth.Target);
        Assert.NotNull(auth.Status);
        Assert.Contains($"Server HTTP/127.0.0.1@{KerberosRealm.Realm} not found in Kerberos database", auth.Detail, StringComparison.Ordinal);
        Assert.Empty(cluster.Server.Authenticator.Packages);
    }

    [Fact]
    public async Task Observe_KerberosForAUserTheKdcDoesNotKnow_SaysSoInGssapisWords()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");
        File.WriteAllText(Path.Combine(cluster.Directory, "username"), "nobody@" + KerberosRealm.Realm + "\n");

        var error = await Assert.ThrowsAsync<ProviderException>(() => HyperVTarget.Open(cluster.SettingsPath).ObserveAsync(CancellationToken.None));

        var auth = Assert.IsType<WsManAuthException>(error.InnerException?.InnerException);
        Assert.Equal(System.Net.Security.NegotiateAuthenticationStatusCode.UnknownCredentials, auth.Status);
        Assert.Contains($"Client 'nobody@{KerberosRealm.Realm}' not found in Kerberos database", auth.Detail, StringComparison.Ordinal);
        Assert.Contains(auth.Detail!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_WithAWrongNtlmPassword_IsRefusedByTheHostWith401()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "ntlm");
        File.WriteAllText(Path.Combine(cluster.Directory, "password"), "not-the-password\n");

        var error = await Assert.ThrowsAsync<ProviderException>(() => HyperVTarget.Open(cluster.SettingsPath).ObserveAsync(CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        var auth = Assert.IsType<WsManAuthException>(error.InnerException?.InnerException);
        Assert.Equal(401, auth.HttpStatus);
        Assert.Contains("refused NTLM", auth.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_WithAClientKeytabInsteadOfAPassword_GetsItsTicketFromTheKeytab()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");
        var settings = File.ReadAllText(cluster.SettingsPath)
            .Replace("  passwordFile: password\n", "", StringComparison.Ordinal)
            .Replace("  kerberos:\n", $"  kerberos:\n    keytabFile: {KerberosRealm.Shared.UserKeytab}\n", StringComparison.Ordinal);
        File.WriteAllText(cluster.SettingsPath, settings);
        File.Delete(Path.Combine(cluster.Directory, "password"));

        var observed = await HyperVTarget.Open(cluster.SettingsPath).ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
        Assert.All(cluster.Server.Authenticator.Packages, p => Assert.Equal("Kerberos", p));
    }

    [Fact]
    public async Task Call_AfterTheHostForgetsTheContext_AuthenticatesAgainAndSucceeds()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");
        await cluster.Provider.ObserveAsync(CancellationToken.None);
        var before = cluster.Server.Authenticator.Packages.Count;
        cluster.Server.Options.Failures.Enqueue(FakeFailure.Unauthorized);

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);

        Assert.Equal("lab", observed.Name);
        Assert.Equal(before + 1, cluster.Server.Authenticator.Packages.Count);
    }

    [Fact]
    public async Task Message_ReadableOverHttp_IsRefusedWith500AsAllowUnencryptedFalseDoes()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), NegotiateFake.Options(), auth: "kerberos");
        var endpoint = new Uri($"http://{KerberosRealm.HostName}:{cluster.Server.Ports.Values.First()}/wsman");
        using var handler = new NegotiateHandler(new NetworkCredential(cluster.Server.Options.Username, cluster.Server.Options.Password), $"HTTP/{KerberosRealm.HostName}", HyperVAuth.Kerberos, encrypt: false, new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        using var http = new HttpClient(handler);
        var envelope = WsMan.RawWinRm.Envelope(WsManNames.ClassUri("root/virtualization/v2", "Msvm_ComputerSystem"), WsManNames.EnumerateAction, null);
        using var content = new StringContent(envelope.ToString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(WsManNames.ContentType);

        using var response = await http.PostAsync(endpoint, content);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Kerberos", Assert.Single(cluster.Server.Authenticator.Packages));
        Assert.Empty(cluster.Server.Requests);
    }
}
