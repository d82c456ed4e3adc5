using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Text;
using Reconciler.HyperV.WsMan.Transport;

namespace Reconciler.HyperV.Tests.Kerberos;

/// <summary>WinRM's encrypted body between two real security contexts (a client and an acceptor of the test realm).</summary>
public sealed class EncryptedBodyTests
{
    private static readonly byte[] Soap = Encoding.UTF8.GetBytes("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>");

    [Theory]
    [InlineData("Kerberos", 60)] // token header 16 + confounder 16 + encrypted header copy 16 + HMAC 12 (AES-SHA1)
    [InlineData("NTLM", 16)]
    public void Seal_GivesASignatureAndEncryptedTextAsLongAsThePlainText(string package, int signatureLength)
    {
        var (client, server) = Pair(package);

        var body = EncryptedBody.Seal(client, Soap, "test");

        var binary = Binary(body);
        Assert.Equal(signatureLength, BinaryPrimitives.ReadInt32LittleEndian(binary));
        Assert.Equal(4 + signatureLength + Soap.Length + "--Encrypted Boundary--\r\n".Length, binary.Length);
        Assert.Contains($"OriginalContent: type=application/soap+xml;charset=UTF-8;Length={Soap.Length}", Encoding.ASCII.GetString(body), StringComparison.Ordinal);
        Assert.Equal(Soap, EncryptedBody.Open(server, body, "test"));
    }

    [Theory]
    [InlineData("Kerberos")]
    [InlineData("NTLM")]
    public void Open_ABodyWithOneEncryptedByteChanged_IsRefusedAsAltered(string package)
    {
        var (client, server) = Pair(package);
        var body = EncryptedBody.Seal(client, Soap, "test");
        body[^30] ^= 0x01; // inside the encrypted text

        var error = Assert.Throws<WsManAuthException>(() => EncryptedBody.Open(server, body, "test"));

        Assert.True(error.IsTransient);
        Assert.NotEqual(NegotiateAuthenticationStatusCode.Completed, error.Status);
    }

    [Fact]
    public void Open_ABodyAnnouncingAnotherLength_IsRefused()
    {
        var (client, server) = Pair("Kerberos");
        var body = Encoding.ASCII.GetString(EncryptedBody.Seal(client, Soap, "test"));
        var shorter = Encoding.ASCII.GetBytes(body.Replace($"Length={Soap.Length}", $"Length={Soap.Length + 50}", StringComparison.Ordinal));

        var error = Assert.Throws<WsManAuthException>(() => EncryptedBody.Open(server, shorter, "test"));

        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }

    private static ReadOnlySpan<byte> Binary(byte[] body)
    {
        var marker = "application/octet-stream\r\n"u8;
        var at = body.AsSpan().IndexOf(marker);
        return body.AsSpan()[(at + marker.Length)..];
    }

    private static (NegotiateAuthentication Client, NegotiateAuthentication Server) Pair(string package)
    {
        _ = KerberosRealm.Shared;
        var options = new Fake.FakeOptions();
        var client = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = package,
            TargetName = $"HTTP/{KerberosRealm.HostName}",
            Credential = new NetworkCredential(options.Username, options.Password),
            RequiredProtectionLevel = ProtectionLevel.EncryptAndSign,
        });
        var server = new NegotiateAuthentication(new NegotiateAuthenticationServerOptions { Package = "Negotiate" });
        Fake.FakeWinRmServer.NegotiateEnvironment(options); // the acceptor's NTLM user file, as the fake host sets it
        byte[]? token = null;
        for (var leg = 0; leg < 6 && !(client.IsAuthenticated && server.IsAuthenticated); leg++)
        {
            token = client.GetOutgoingBlob(token, out var status);
            Assert.True(status <= NegotiateAuthenticationStatusCode.ContinueNeeded, $"client {status}");
            if (token is null)
            {
                break;
            }

            token = server.GetOutgoingBlob(token, out status);
            Assert.True(status <= NegotiateAuthenticationStatusCode.ContinueNeeded, $"server {status}");
            if (token is null || client.IsAuthenticated)
            {
                continue;
            }

            if (status == NegotiateAuthenticationStatusCode.Completed)
            {
                client.GetOutgoingBlob(token, out status);
                token = null;
            }
        }

        Assert.True(client.IsAuthenticated && server.IsAuthenticated);
        Assert.Equal(package, client.Package);
        return (client, server);
    }
}
