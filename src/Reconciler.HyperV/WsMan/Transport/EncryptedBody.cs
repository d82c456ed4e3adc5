using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// WinRM's encrypted HTTP body (MS-WSMV 2.2.9.1.1, the layout pywinrm's winrm/encryption.py and
/// pypsrp send): two MIME parts under "Encrypted Boundary", the first naming the original content
/// type and length, the second the 4-byte little-endian signature length, the signature, and the
/// encrypted text, then the closing boundary.
/// </summary>
internal static class EncryptedBody
{
    public const string Protocol = "application/HTTP-SPNEGO-session-encrypted";
    public const string SoapContentType = "application/soap+xml;charset=UTF-8";
    private const string Boundary = "--Encrypted Boundary";
    private const string OctetStream = "\tContent-Type: application/octet-stream\r\n";

    /// <summary>The Content-Type of an encrypted request or response.</summary>
    public static MediaTypeHeaderValue ContentType()
    {
        var value = new MediaTypeHeaderValue("multipart/encrypted");
        value.Parameters.Add(new NameValueHeaderValue("protocol", $"\"{Protocol}\""));
        value.Parameters.Add(new NameValueHeaderValue("boundary", "\"Encrypted Boundary\""));
        return value;
    }

    public static bool IsEncrypted(string? contentType) =>
        contentType is not null
        && contentType.StartsWith("multipart/encrypted", StringComparison.OrdinalIgnoreCase)
        && contentType.Contains(Protocol, StringComparison.OrdinalIgnoreCase);

    public static byte[] Seal(NegotiateAuthentication context, ReadOnlySpan<byte> text, string target, string originalType = SoapContentType)
    {
        var (signature, data) = SessionWrap.Seal(context, text, target);
        var head = Encoding.ASCII.GetBytes(
            $"{Boundary}\r\n\tContent-Type: {Protocol}\r\n\tOriginalContent: type={originalType};Length={text.Length.ToString(CultureInfo.InvariantCulture)}\r\n{Boundary}\r\n{OctetStream}");
        var tail = Encoding.ASCII.GetBytes($"{Boundary}--\r\n");
        var body = new byte[head.Length + 4 + signature.Length + data.Length + tail.Length];
        var span = body.AsSpan();
        head.CopyTo(span);
        span = span[head.Length..];
        BinaryPrimitives.WriteInt32LittleEndian(span, signature.Length);
        signature.CopyTo(span[4..]);
        data.CopyTo(span[(4 + signature.Length)..]);
        tail.CopyTo(span[(4 + signature.Length + data.Length)..]);
        return body;
    }

    /// <summary>The plain text of an encrypted body; the length the first part announces must match.</summary>
    public static byte[] Open(NegotiateAuthentication context, ReadOnlySpan<byte> body, string target)
    {
        // The binary part is delimited by the announced length, not by searching for the
        // boundary, which may occur inside encrypted bytes.
        var lengthAt = IndexOf(body, "Length="u8);
        var octetAt = IndexOf(body, "application/octet-stream\r\n"u8);
        if (lengthAt < 0 || octetAt < lengthAt)
        {
            throw Malformed(context, target, "no OriginalContent length or no octet-stream part");
        }

        var digits = body[(lengthAt + 7)..];
        var end = digits.IndexOfAny("\r\n;"u8);
        if (end < 0 || !int.TryParse(Encoding.ASCII.GetString(digits[..end]).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw Malformed(context, target, "an unreadable OriginalContent length");
        }

        var binary = body[(octetAt + "application/octet-stream\r\n".Length)..];
        if (binary.Length < 4)
        {
            throw Malformed(context, target, "no signature");
        }

        var signatureLength = BinaryPrimitives.ReadInt32LittleEndian(binary);
        if (signatureLength <= 0 || binary.Length < 4 + signatureLength + length)
        {
            throw Malformed(context, target, $"a signature of {signatureLength} bytes and {length} bytes of text in {binary.Length} bytes");
        }

        var text = SessionWrap.Open(context, binary.Slice(4, signatureLength), binary.Slice(4 + signatureLength, length), target);
        return text.Length == length
            ? text
            : throw Malformed(context, target, $"{text.Length} bytes of text where {length} were announced");
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);

    private static WsManAuthException Malformed(NegotiateAuthentication context, string target, string what) =>
        new($"an encrypted message from {target} is malformed: {what}", context.Package, target, NegotiateAuthenticationStatusCode.MessageAltered, isTransient: true);
}
