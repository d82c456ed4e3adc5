namespace Reconciler.HyperV.Recording;

/// <summary>
/// Writes every WS-Management exchange with one host to a recording directory: the request and
/// response envelopes as XML files and one line of <see cref="RecordedExchange"/> per exchange in
/// <c>exchanges.jsonl</c> (host, operation, status, timing). It sits outermost in the handler
/// chain, so it sees the SOAP in plain text whatever authentication and message encryption the
/// inner handlers add, and it keeps no header but Content-Type: the Authorization header, the
/// host's WWW-Authenticate tokens and any cookie never reach the disk. The bodies pass through
/// <see cref="Redactor"/> too, so a configured secret that ends up in one is cut out.
/// </summary>
public sealed class RecordingHandler(RecordingWriter writer, string host, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestText = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        var at = time.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            writer.Write(host, at, time.GetElapsedTime(started), requestText, null, null, null, $"{ex.GetType().Name}: {ex.Message}");
            throw;
        }

        // Buffered so the client reads the same body after it has been recorded.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var responseText = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        writer.Write(host, at, time.GetElapsedTime(started), requestText, (int)response.StatusCode, responseText, response.Content.Headers.ContentType?.ToString(), null);
        return response;
    }
}
