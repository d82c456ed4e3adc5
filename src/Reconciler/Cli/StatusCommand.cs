using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using Reconciler.Text;

namespace Reconciler.Cli;

/// <summary><c>reconciler status [--server URL] [-o table|json]</c>: asks a running service how its clusters are.</summary>
internal static class StatusCommand
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public static Command Create(TextWriter output)
    {
        var server = new Option<string>("--server") { Description = $"Address of the service (default {DefaultServer})", DefaultValueFactory = _ => DefaultServer };
        var format = new Option<string>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("status", "Show the status of a running reconciler service") { server, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var address = result.GetValue(server)!;
            if (!Uri.TryCreate(address, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--server: '{address}' is not an http(s) address; write it like {DefaultServer}");
            }

            using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
            JsonElement status;
            try
            {
                status = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/status", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                throw new UsageException($"cannot get the status from {address}: {e.Message}; is 'reconciler run' running there?");
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(status, Http.ApiJson.Options)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            Write(Terminal.For(output), status);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, JsonElement status)
    {
        var source = status.GetProperty("source");
        console.WriteLine($"Source: {Text(source, "description")}");
        console.WriteLine($"Revision: {Short(Text(source, "lastGoodRevision"))} (newest fetched {Short(Text(source, "lastFetchedRevision"))})");
        if (source.TryGetProperty("fetchError", out var fetchError) && fetchError.ValueKind == JsonValueKind.String)
        {
            console.WriteLine($"Fetch failing: {fetchError.GetString()}");
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("CLUSTER", "MODE", "READY", "STALLED", "DRIFT", "APPLIED", "ATTEMPTED", "LAST RESULT", "MESSAGE");
        foreach (var cluster in status.GetProperty("clusters").EnumerateArray())
        {
            table.AddRow(
                Markup.Escape(Text(cluster, "name")),
                Text(cluster, "mode"),
                YesNo(cluster, "ready"),
                YesNo(cluster, "stalled"),
                cluster.GetProperty("driftItems").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Short(Text(cluster, "lastAppliedRevision")),
                Short(Text(cluster, "lastAttemptedRevision")),
                Text(cluster, "lastResult"),
                Markup.Escape(Text(cluster, "message")));
        }

        console.Write(table);
        if (!status.GetProperty("ready").GetBoolean())
        {
            console.WriteLine("The service has not reconciled a revision yet.");
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";

    private static string YesNo(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True ? "yes" : "no";

    private static string Short(string revision) => CommitId.Short(revision);
}
