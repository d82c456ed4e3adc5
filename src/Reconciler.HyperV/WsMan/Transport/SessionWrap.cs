using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// Seals and opens one message with a security context in the layout WinRM uses (MS-WSMV
/// 2.2.9.1.1): a signature ("header") and encrypted data exactly as long as the plain text, as
/// SSPI's EncryptMessage gives them. GSSAPI's gss_wrap gives one token instead:
/// <list type="bullet">
/// <item>NTLM: 16-byte signature then the sealed text: split at 16 (pyspnego does the same).</item>
/// <item>Kerberos (RFC 4121 wrap token, AES): 16-byte token header, then E(confounder | text |
/// filler | header copy) | checksum. WinRM's header is that token "rotated" so the encrypted text
/// comes last: the RRC field says by how much (RFC 4121 4.2.5), which is what gss_wrap_iov with a
/// header and no trailer buffer gives (pykerberos' authGSSWinRMEncryptMessage, pyspnego's
/// wrap_winrm). Receivers, MIT's gss_unwrap among them, undo the rotation from the RRC field.</item>
/// </list>
/// Kerberos RC4 session keys (RFC 4757 tokens) are not supported: AD uses AES unless an admin
/// forces RC4.
/// </summary>
internal static class SessionWrap
{
    private const int KerberosHeaderLength = 16;
    private const int KerberosConfounderLength = 16;
    private const int NtlmSignatureLength = 16;
    private const byte KerberosSealedFlag = 0x02;

    public static (byte[] Signature, byte[] Data) Seal(NegotiateAuthentication context, ReadOnlySpan<byte> text, string target)
    {
        var writer = new ArrayBufferWriter<byte>(text.Length + 128);
        var status = context.Wrap(text, writer, requestEncryption: true, out var encrypted);
        if (status != NegotiateAuthenticationStatusCode.Completed || !encrypted)
        {
            throw new WsManAuthException($"{context.Package} could not encrypt a message for {target} ({status})", context.Package, target, status, isTransient: true);
        }

        var token = writer.WrittenSpan;
        if (IsKerberosWrap(token))
        {
            var rotated = Rotate(token, text.Length);
            var headerLength = rotated.Length - text.Length;
            return (rotated[..headerLength], rotated[headerLength..]);
        }

        if (token.Length == text.Length + NtlmSignatureLength)
        {
            return (token[..NtlmSignatureLength].ToArray(), token[NtlmSignatureLength..].ToArray());
        }

        throw new WsManAuthException($"{context.Package} gave a wrap token WinRM cannot carry (Kerberos with an RC4 session key?); use AES keys for the account and the host", context.Package, target, NegotiateAuthenticationStatusCode.Unsupported);
    }

    public static byte[] Open(NegotiateAuthentication context, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data, string target)
    {
        // Signature then data is a complete token for both packages: NTLM's signature-first
        // layout, and a Kerberos token whose RRC tells the unwrap how it was rotated.
        var token = new byte[signature.Length + data.Length];
        signature.CopyTo(token);
        data.CopyTo(token.AsSpan(signature.Length));
        var writer = new ArrayBufferWriter<byte>(data.Length);
        var status = context.Unwrap(token, writer, out var encrypted);
        if (status != NegotiateAuthenticationStatusCode.Completed)
        {
            throw new WsManAuthException($"a message from {target} does not decrypt with the {context.Package} session ({status})", context.Package, target, status, isTransient: true);
        }

        // Signed but readable would be a downgrade WinRM never sends.
        return encrypted
            ? writer.WrittenSpan.ToArray()
            : throw new WsManAuthException($"a message from {target} was signed but not encrypted", context.Package, target, NegotiateAuthenticationStatusCode.SecurityQosFailed);
    }

    private static bool IsKerberosWrap(ReadOnlySpan<byte> token) =>
        token.Length >= KerberosHeaderLength && token[0] == 0x05 && token[1] == 0x04 && (token[2] & KerberosSealedFlag) != 0;

    /// <summary>The token with its encrypted part rotated right so the last <c>text.Length</c> bytes are the encrypted text.</summary>
    private static byte[] Rotate(ReadOnlySpan<byte> token, int textLength)
    {
        var body = token[KerberosHeaderLength..];

        // Undo any rotation the library chose (MIT sends 0) to reach RFC 4121's plain layout.
        var current = BinaryPrimitives.ReadUInt16BigEndian(token[6..8]) % Math.Max(body.Length, 1);
        var plain = new byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            plain[i] = body[(i + current) % body.Length];
        }

        // confounder | text | filler | E(header copy) | checksum: move all after the text to the front.
        var rrc = body.Length - KerberosConfounderLength - textLength;
        if (rrc <= 0 || rrc > ushort.MaxValue)
        {
            throw new WsManAuthException($"a Kerberos wrap token of {token.Length} bytes cannot hold {textLength} bytes of text", "Kerberos", "", NegotiateAuthenticationStatusCode.Unsupported);
        }

        var result = new byte[token.Length];
        token[..KerberosHeaderLength].CopyTo(result);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(6, 2), (ushort)rrc);
        for (var i = 0; i < plain.Length; i++)
        {
            result[KerberosHeaderLength + ((i + rrc) % plain.Length)] = plain[i];
        }

        return result;
    }
}
