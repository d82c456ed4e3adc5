using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reconciler.Metrics;
using Reconciler.Service;

namespace Reconciler.Http;

/// <summary>
/// The service's HTTP surface (design.md §4.5): probes, metrics, status, and the two POST
/// endpoints that wake the loop. POST /api/v1/sync needs the bearer token when one is
/// configured; POST /hooks/git (mapped by the webhooks' own endpoint) is checked against the
/// webhook secret instead.
/// </summary>
internal static class HttpApi
{
    /// <summary>Liveness and readiness paths; the Dockerfile and the Helm chart probe these (a test keeps them equal).</summary>
    public const string HealthPath = "/healthz";

    public const string ReadyPath = "/readyz";

    public const string MetricsPath = "/metrics";

    public static void Map(WebApplication app, StatusBoard board, TickTrigger trigger, string? bearerToken, PrometheusExposition metrics)
    {
        app.MapGet(MetricsPath, () => Results.Text(metrics.Write(), PrometheusExposition.ContentType));
        app.MapGet(HealthPath, () => Results.Text("ok\n"));
        app.MapGet(ReadyPath, () => board.IsReady
            ? Results.Text("ready\n")
            : Results.Text("not ready: no revision reconciled yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/api/v1/status", () => Results.Json(StatusDocument.Of(board), ApiJson.Options));
        app.MapGet("/api/v1/clusters/{name}", (string name) => board.Cluster(name) is { } status
            ? Results.Json(status, ApiJson.Options)
            : Results.Json(new { error = $"no cluster named {name}; GET /api/v1/status lists them" }, ApiJson.Options, statusCode: StatusCodes.Status404NotFound));
        app.MapPost("/api/v1/sync", (HttpRequest request) =>
        {
            if (!Authorized(request, bearerToken))
            {
                return Unauthorized(request.HttpContext.Response);
            }

            trigger.Fire();
            return Results.Json(new { accepted = true, message = "a tick starts now" }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
        });
    }

    /// <summary>A 401 with the challenge RFC 9110 §11.6.1 requires, so clients know to send a bearer token.</summary>
    public static IResult Unauthorized(HttpResponse response)
    {
        response.Headers.WWWAuthenticate = "Bearer realm=\"reconciler\"";
        return Results.Json(new { error = "a bearer token is required: send 'Authorization: Bearer <token>'" }, ApiJson.Options, statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>Constant-time comparison, so response timing tells nothing about the token.</summary>
    public static bool Authorized(HttpRequest request, string? bearerToken)
    {
        if (bearerToken is null)
        {
            return true;
        }

        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(bearerToken));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
