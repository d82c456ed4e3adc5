using System.Net;
using System.Net.Sockets;

namespace Reconciler.Tests.Cli;

/// <summary>Free loopback ports for tests that must name one (several suites share this machine: never a fixed port).</summary>
internal static class FreePorts
{
    /// <summary>The first of <paramref name="count"/> consecutive ports that are free right now.</summary>
    public static int Consecutive(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            int first;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                first = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            if (first + count <= IPEndPoint.MaxPort && Enumerable.Range(first, count).All(Free))
            {
                return first;
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports found");
    }

    private static bool Free(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
