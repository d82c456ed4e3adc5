using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reconciler.Alerts;
using Reconciler.Dashboard;
using Reconciler.Execution;
using Reconciler.Http;
using Reconciler.Metrics;
using Reconciler.Service;
using Reconciler.Settings;
using Reconciler.Webhooks;

namespace Reconciler.Hosting;

/// <summary>
/// Builds the service: settings (validated before anything starts), the loop as a hosted
/// service, metrics, alert delivery, and the HTTP API on Kestrel.
/// </summary>
internal static class ServiceHost
{
    /// <summary>
    /// Reads and checks the settings through the options pipeline (the same registration the host
    /// gets, <see cref="AddServiceOptions"/>), before anything is built: the listen address, the
    /// source and the secret files are needed first. Failures are usage errors naming every bad setting.
    /// </summary>
    public static ServiceOptions LoadOptions(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        AddServiceOptions(services, configuration);
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return provider.GetRequiredService<IOptions<ServiceOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new UsageException("invalid configuration:\n  " + string.Join("\n  ", e.Failures));
        }
        catch (InvalidOperationException e)
        {
            // The binder: a value that is not of the setting's type (e.g. Interval = "soon").
            throw new UsageException($"configuration: {e.Message}{(e.InnerException is null ? "" : $" ({e.InnerException.Message})")}");
        }
    }

    /// <summary>
    /// ServiceOptions bound from the "Reconciler" section and checked by <see cref="ServiceOptionsValidator"/>
    /// on start (ValidateOnStart); the loop and the endpoints take the validated value.
    /// </summary>
    public static void AddServiceOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>();
        services.AddOptions<ServiceOptions>().Bind(configuration.GetSection(ServiceOptions.Section)).ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServiceOptions>>().Value);
    }

    /// <param name="configure">Lets tests replace services (e.g. an alert sink that records).</param>
    public static async Task<WebApplication> BuildAsync(IConfiguration configuration, ISpecSource? source, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var options = LoadOptions(configuration);
        var branch = options.Source.Branch;
        if (source is null)
        {
            var git = await GitSpecSource.ResolveAsync(options, Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
            branch = git.Branch;
            source = new GitSpecSource(git);
        }

        // Secrets are read before anything starts, so a missing or empty file stops start-up.
        var bearerToken = SecretFile.Read(options.Http.TokenFile);
        var webhookSecret = SecretFile.Read(options.Http.WebhookSecretFile);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(options.Http.Listen);
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // one line per request is noise here
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Started by the Windows service control manager: its lifetime and the Event Log; started by
        // systemd: sd_notify READY/STOPPING and journald's priority prefixes. Otherwise no-ops.
        builder.Services.AddWindowsService(o => o.ServiceName = "Reconciler");
        builder.Services.AddSystemd();
        if (configuration["Logging:Console:FormatterName"] == "json")
        {
            builder.Logging.AddJsonConsole();
        }

        var services = builder.Services;
        AddServiceOptions(services, configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Randomizer.Shared);
        services.AddSingleton(source);
        services.AddSingleton(new StatusBoard(source.Description));
        services.AddSingleton<TickTrigger>();
        services.AddSingleton<ClusterProviders>();
        services.AddSingleton<IJournalStore>(new FileJournalStore(options.JournalDirectory));
        services.AddMetrics();
        services.AddSingleton<ReconcilerMetrics>();
        services.AddSingleton(sp => new PrometheusExposition(sp.GetRequiredService<ReconcilerMetrics>().Meter));
        AddAlerts(services, options.Alerts);
        services.AddSingleton<ReconcileLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
        configure?.Invoke(services);

        var app = builder.Build();
        _ = app.Services.GetRequiredService<IAlertSink>(); // reads the alert channels' URL and secret files now, so a bad one stops start-up
        var trigger = app.Services.GetRequiredService<TickTrigger>();
        var hooks = new GitHookEndpoint(new GitWebhookReceiver(webhookSecret, string.IsNullOrWhiteSpace(branch) ? null : branch), trigger, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Reconciler.Webhooks"));
        HttpApi.Map(app, app.Services.GetRequiredService<StatusBoard>(), trigger, bearerToken, app.Services.GetRequiredService<PrometheusExposition>());
        app.MapPost(GitHookEndpoint.Path, hooks.HandleAsync);
        DashboardEndpoints.Map(app, app.Services.GetRequiredService<StatusBoard>(), app.Services.GetRequiredService<TimeProvider>(), options.Source.Repository, bearerToken is not null);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Reconciler");
            foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                ServiceLog.Listening(logger, address);
                if (webhookSecret is null && !IsLoopback(address))
                {
                    ServiceLog.UnsignedWebhooks(logger, address);
                }
            }
        });
        return app;
    }

    /// <summary>With channels configured, the dispatcher delivers alerts; with none, the loop's log lines are all there is.</summary>
    private static void AddAlerts(IServiceCollection services, AlertSettings settings)
    {
        if (settings.Channels.Count == 0)
        {
            services.AddSingleton<IAlertSink, LoggedAlertsOnly>();
            return;
        }

        // No request logging: Slack and Teams URLs are secrets, and the logging handlers would print them.
        services.AddHttpClient(nameof(AlertDispatcher)).RemoveAllLoggers();
        services.AddSingleton(sp => new AlertDelivery { Randomizer = sp.GetRequiredService<Randomizer>().NextDouble });
        services.AddSingleton(sp => new AlertDispatcher(
            AlertChannels.Create(settings, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AlertDispatcher))),
            sp.GetRequiredService<AlertDelivery>(),
            sp.GetRequiredService<ReconcilerMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AlertDispatcher>>()));
        services.AddSingleton<IAlertSink>(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<AlertDispatcher>());
    }

    /// <summary>Whether only this machine can reach the address (where unsigned pushes are harmless).</summary>
    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)));
}
