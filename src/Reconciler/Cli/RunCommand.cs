using System.CommandLine;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Reconciler.Hosting;
using Reconciler.Settings;
using Reconciler.Spec;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler run</c>: the GitOps service. With no settings it follows the git repository it
/// is started in (current branch, specs/examples) and reconciles each cluster against the
/// embedded simulator made from specs/worlds. Settings come from --config FILE (JSON), then
/// environment variables (Reconciler__Source__Repository=...), then these flags.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "JSON settings file (section \"Reconciler\"; see docs/service.md)" };
        var repo = new Option<string?>("--repo") { Description = "Repository to follow: clone URL or local directory (default: the repository the working directory is in)" };
        var branch = new Option<string?>("--branch") { Description = "Branch to follow (default: the current branch)" };
        var path = new Option<string?>("--path") { Description = "Directory of the specs in the repository (default specs/examples)" };
        var interval = new Option<string?>("--interval") { Description = "Time between ticks, e.g. 30s, 5m (default 30s)" };
        var listen = new Option<string?>("--listen") { Description = "Address of the HTTP API (default http://127.0.0.1:8080)" };
        var state = new Option<string?>("--state-dir") { Description = "Directory for the git cache, journals and simulator state (default .reconciler/run)" };
        var worlds = new Option<string?>("--worlds") { Description = "Directory of simulated worlds for clusters without a provider (default specs/worlds)" };
        var hyperV = new Option<string[]>("--hyperv")
        {
            Description = "CLUSTER=FILE: reconcile this cluster's real Hyper-V hosts with the connection settings FILE (docs/hyperv.md); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var record = new Option<string?>("--record")
        {
            Description = "Write every WS-Management exchange with the Hyper-V hosts (credentials removed) to DIR/<cluster>, to send with a bug report (docs/hyperv.md)",
        };
        var command = new Command("run", "Run the service: follow the git source, reconcile every cluster, serve the HTTP API")
        {
            config, repo, branch, path, interval, listen, state, worlds, hyperV, record,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>();
            void Flag(string key, string? value)
            {
                if (value is not null)
                {
                    flags[$"{ServiceOptions.Section}:{key}"] = value;
                }
            }

            Flag("Source:Repository", result.GetValue(repo));
            Flag("Source:Branch", result.GetValue(branch));
            Flag("Source:Path", result.GetValue(path));
            Flag("Interval", result.GetValue(interval) is { } text ? Duration(text).ToString() : null);
            Flag("Http:Listen", result.GetValue(listen));
            Flag("StateDirectory", result.GetValue(state));
            Flag("Simulator:Worlds", result.GetValue(worlds));
            Flag("RecordDirectory", result.GetValue(record) is { } recordDirectory ? Path.GetFullPath(recordDirectory) : null);
            foreach (var (cluster, settingsFile) in (result.GetValue(hyperV) ?? []).Select(ClusterFile))
            {
                Flag($"Clusters:{cluster}:HyperV", Path.GetFullPath(settingsFile));
            }

            var builder = new ConfigurationBuilder();
            if (result.GetValue(config) is { } file)
            {
                if (!File.Exists(file))
                {
                    throw new UsageException($"--config: file {file} does not exist");
                }

                builder.AddJsonFile(Path.GetFullPath(file), optional: false);
            }

            IConfiguration configuration;
            try
            {
                configuration = builder.AddEnvironmentVariables().AddInMemoryCollection(flags).Build();
            }
            catch (InvalidDataException e)
            {
                throw new UsageException($"--config: {e.Message}");
            }

            await using var app = await ServiceHost.BuildAsync(configuration, source: null, cancellationToken).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"cannot listen on {configuration[$"{ServiceOptions.Section}:Http:Listen"] ?? new HttpSettings().Listen}: {e.Message}; choose another address with --listen");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static (string Cluster, string File) ClusterFile(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && equals < text.Length - 1
            ? (text[..equals], text[(equals + 1)..])
            : throw new UsageException($"--hyperv: '{text}' names no cluster; write it like --hyperv vdi-east=hosts/vdi-east.yaml");
    }

    private static TimeSpan Duration(string text) =>
        DurationText.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new UsageException($"--interval: '{text}' is not a duration; write it like 30s, 5m or 1h");
}
