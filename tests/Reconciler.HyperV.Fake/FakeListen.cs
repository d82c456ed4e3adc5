using System.Net;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// Where the fake's hosts listen: one port per host on <see cref="Address"/>, HTTPS or plain
/// HTTP. <see cref="FirstPort"/> 0 gives every host a free port; any other port is the first
/// host's, and the next hosts take the ports after it (5986, 5987, ...), since one address and
/// port can only be one host.
/// </summary>
public sealed record FakeListen(IPAddress Address, int FirstPort, bool Https)
{
    /// <summary>What the tests use: loopback, free ports, HTTPS.</summary>
    public static readonly FakeListen LoopbackHttps = new(IPAddress.Loopback, 0, Https: true);

    public int PortOf(int hostIndex) => FirstPort == 0 ? 0 : FirstPort + hostIndex;
}
