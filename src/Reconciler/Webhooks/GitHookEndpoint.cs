using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Reconciler.Http;
using Reconciler.Service;

namespace Reconciler.Webhooks;

/// <summary>
/// POST /hooks/git: reads the body (at most 1 MiB, forges send far less), lets the receiver judge
/// it, and wakes the loop for a push to the followed branch. The bearer token does not apply:
/// forges cannot send one, and the webhook secret does that job here.
/// </summary>
internal sealed partial class GitHookEndpoint(GitWebhookReceiver receiver, TickTrigger trigger, ILogger logger)
{
    public const string Path = "/hooks/git";

    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The challenge of a 401 (docs/service.md, Git webhooks).</summary>
    public const string Challenge = "Basic realm=\"reconciler webhooks\", charset=\"UTF-8\"";

    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Answer(new WebhookResult(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes"));
        }

        var body = await ReadCappedAsync(request.Body, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Answer(new WebhookResult(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes"));
        }

        var result = receiver.Receive(request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())), body);
        if (result.ShouldTick)
        {
            trigger.Fire();
            Pushed(logger, result.Push!.Provider, result.Push.Repository ?? "(unnamed repository)", result.Push.Branch!);
        }
        else if (result.StatusCode == StatusCodes.Status401Unauthorized)
        {
            Refused(logger, result.Reason);

            // RFC 9110 §11.6.1: a 401 carries a challenge. Basic is the one HTTP scheme a forge uses
            // here (Azure DevOps); GitHub, Gitea and GitLab sign or send a token header and ignore it.
            request.HttpContext.Response.Headers.WWWAuthenticate = Challenge;
        }
        else
        {
            Ignored(logger, result.StatusCode, result.Reason);
        }

        return Answer(result);
    }

    private static IResult Answer(WebhookResult result) =>
        Results.Json(new { tick = result.ShouldTick, message = result.Reason }, ApiJson.Options, statusCode: result.StatusCode);

    /// <summary>The body, or null when it holds more than <see cref="MaxBodyBytes"/> (Content-Length may be absent or wrong).</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(50, LogLevel.Information, "Git webhook: {Provider} push to {Repository} {Branch}; ticking now")]
    private static partial void Pushed(ILogger logger, string provider, string repository, string branch);

    [LoggerMessage(51, LogLevel.Warning, "Git webhook refused: {Reason}")]
    private static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(52, LogLevel.Debug, "Git webhook answered {Status}: {Reason}")]
    private static partial void Ignored(ILogger logger, int status, string reason);
}
