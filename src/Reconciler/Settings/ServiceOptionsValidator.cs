using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Reconciler.Settings;

/// <summary>
/// Checks the settings at start-up, all at once, each failure naming the setting's
/// configuration key (as it is written in a file or an environment variable) and what to do.
/// </summary>
internal sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    private static readonly string[] VerifyModes = ["none", "gpg", "ssh"];

    public ValidateOptionsResult Validate(string? name, ServiceOptions options)
    {
        var failures = new List<string>();
        Positive(failures, "Interval", options.Interval, TimeSpan.FromSeconds(1));
        Positive(failures, "InitialBackoff", options.InitialBackoff, TimeSpan.FromMilliseconds(100));
        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"Reconciler:MaxBackoff ({options.MaxBackoff}) is shorter than Reconciler:InitialBackoff ({options.InitialBackoff}); make it at least as long");
        }

        ValidateSource(failures, options.Source);
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            failures.Add("Reconciler:StateDirectory is empty; give a writable directory for the git cache, journals and simulator state");
        }

        foreach (var (cluster, settings) in options.Clusters)
        {
            var key = $"Reconciler:Clusters:{cluster}";
            if ((settings.Simulator is null) == (settings.HyperV is null))
            {
                failures.Add($"{key} must set exactly one of Simulator (a simulator state directory) or HyperV (a connection settings file)");
            }

            FileExists(failures, $"{key}:HyperV", settings.HyperV);
            if (settings.Simulator is not null && !Directory.Exists(settings.Simulator))
            {
                failures.Add($"{key}:Simulator: directory {settings.Simulator} does not exist; create it with: reconciler sim init WORLD --sim {settings.Simulator}");
            }
        }

        if (!Uri.TryCreate(options.Http.Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
        {
            failures.Add($"Reconciler:Http:Listen '{options.Http.Listen}' is not an address to listen on; write it like http://127.0.0.1:8080");
        }

        FileExists(failures, "Reconciler:Http:TokenFile", options.Http.TokenFile);
        FileExists(failures, "Reconciler:Http:WebhookSecretFile", options.Http.WebhookSecretFile);
        Positive(failures, "Alerts:RenotifyInterval", options.Alerts.RenotifyInterval, TimeSpan.FromSeconds(1));
        for (var i = 0; i < options.Alerts.Channels.Count; i++)
        {
            failures.AddRange(options.Alerts.Channels[i].Validate($"Reconciler:Alerts:Channels:{i}"));
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options.Executor, new ValidationContext(options.Executor), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"Reconciler:Executor:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        Positive(failures, "Executor:HealthPollInterval", options.Executor.HealthPollInterval, TimeSpan.FromMilliseconds(10));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSource(List<string> failures, SourceSettings source)
    {
        if (string.IsNullOrWhiteSpace(source.Path))
        {
            failures.Add("Reconciler:Source:Path is empty; name the directory of the specs in the repository (e.g. specs/)");
        }

        Positive(failures, "Source:GitTimeout", source.GitTimeout, TimeSpan.FromSeconds(1));
        FileExists(failures, "Reconciler:Source:TokenFile", source.TokenFile);
        FileExists(failures, "Reconciler:Source:SshKeyFile", source.SshKeyFile);
        FileExists(failures, "Reconciler:Source:SshKnownHostsFile", source.SshKnownHostsFile);
        FileExists(failures, "Reconciler:Source:CaFile", source.CaFile);
        if (!VerifyModes.Contains(source.Verify, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Reconciler:Source:Verify '{source.Verify}' is not one of none, gpg, ssh");
        }
        else if (string.Equals(source.Verify, "gpg", StringComparison.OrdinalIgnoreCase) && source.TrustedKeysFile is null)
        {
            failures.Add("Reconciler:Source:Verify is gpg but Reconciler:Source:TrustedKeysFile is not set; export the signers' public keys (gpg --armor --export) to a file and name it");
        }
        else if (string.Equals(source.Verify, "ssh", StringComparison.OrdinalIgnoreCase) && source.AllowedSignersFile is null)
        {
            failures.Add("Reconciler:Source:Verify is ssh but Reconciler:Source:AllowedSignersFile is not set; write an allowed signers file (ssh-keygen(1)) and name it");
        }

        FileExists(failures, "Reconciler:Source:TrustedKeysFile", source.TrustedKeysFile);
        FileExists(failures, "Reconciler:Source:AllowedSignersFile", source.AllowedSignersFile);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum)
        {
            failures.Add($"Reconciler:{key} ({value}) must be at least {minimum}; durations are written like 00:00:30");
        }
    }

    private static void FileExists(List<string> failures, string key, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            failures.Add($"{key}: file {path} does not exist; create or mount it, or remove the setting");
        }
    }
}
