using System.Net;
using System.Net.Sockets;

namespace Reconciler.Git.Tests;

/// <summary>
/// A loopback TCP relay to a real server that holds each chunk from the server back a little,
/// so the client spends its time waiting on its socket, as it does behind a slow network.
/// </summary>
public sealed class SlowRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _target;
    private readonly TimeSpan _delay;

    public SlowRelay(int targetPort, TimeSpan delayPerChunk)
    {
        _target = targetPort;
        _delay = delayPerChunk;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var up = PumpAsync(client.GetStream(), server.GetStream(), TimeSpan.Zero);
                var down = PumpAsync(server.GetStream(), client.GetStream(), _delay);
                await Task.WhenAny(up, down);
                await down;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to, TimeSpan delay)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }

        if (to is NetworkStream network)
        {
            network.Socket.Shutdown(SocketShutdown.Send);
        }
    }
}
