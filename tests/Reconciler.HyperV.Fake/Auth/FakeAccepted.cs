using System.Net.Security;

namespace Reconciler.HyperV.Fake.Auth;

/// <summary>
/// What the auth layer made of a request: an early answer (a challenge, the handshake's end, a
/// refusal), or the plain SOAP body to serve and the session its answer is sealed with.
/// </summary>
public sealed record FakeAccepted(FakeReply? Early, byte[] Body, string ContentType, NegotiateAuthentication? Session, string? EarlyToken = null);
