using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Reconciler.Tests.Alerts;

/// <summary>An HTTP receiver on a free loopback port that records every request it gets (a stand-in for Slack, Teams, Alertmanager, a webhook).</summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();

    private LocalReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);

        public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The status code the next requests get (200 unless a test says otherwise).</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<Received> Requests => [.. _received];

    public static async Task<LocalReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LocalReceiver(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._received.Enqueue(new Received(context.Request.Path + context.Request.QueryString, headers, body.ToArray()));
            context.Response.StatusCode = receiver.Status;
        });
        await app.StartAsync();
        receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests arrived; fails with what did arrive.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_received.Count >= count)
            {
                return Requests;
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; received: {string.Join("\n", Requests.Select(r => r.Text))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
