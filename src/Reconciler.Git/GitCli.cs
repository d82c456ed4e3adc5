using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Reconciler.Git;

/// <summary>
/// Runs the <c>git</c> command-line client as a child process (LibGit2Sharp cannot be restored
/// here, and Argo CD's repo server does the same). Every call has a timeout that kills the
/// whole process tree, never prompts for input, and reports failures as a
/// <see cref="GitException"/> whose text has the credentials redacted.
/// </summary>
public sealed class GitCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly GitCredentials _credentials;
    private readonly TimeSpan _timeout;
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="environment">Extra variables for every call (GNUPGHOME for signature checks).</param>
    public GitCli(GitCredentials? credentials = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _credentials = credentials ?? GitCredentials.None;
        _timeout = timeout ?? DefaultTimeout;
        _environment = environment ?? new Dictionary<string, string>();
    }

    public TimeSpan Timeout => _timeout;

    public async Task<GitResult> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var secrets = new List<string>();
        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        ConfigureEnvironment(startInfo.Environment, secrets);
        var subcommand = arguments.FirstOrDefault(a => !a.StartsWith('-')) ?? "git";

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new GitException($"git could not be started ({e.Message}); install the git client (apt-get install git) and put it on PATH", e);
        }

        process.StandardInput.Close(); // nothing to answer: a prompt must fail, not hang
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? _timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var reason = Redact(FirstLines(error.Length > 0 ? error : output), secrets);
                throw new GitException($"git {subcommand} failed (exit {process.ExitCode}): {reason}");
            }

            return new GitResult(output, Redact(error, secrets));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new GitException($"git {subcommand} did not finish within {(timeout ?? _timeout).TotalSeconds:0.#}s and was stopped; check the network and the remote, or raise the git timeout") { TimedOut = true };
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    public Task<GitResult> RunAsync(string? workingDirectory, CancellationToken cancellationToken, params string[] arguments) =>
        RunAsync(workingDirectory, arguments, cancellationToken);

    private void ConfigureEnvironment(IDictionary<string, string?> environment, List<string> secrets)
    {
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GCM_INTERACTIVE"] = "never";
        environment["GIT_ASKPASS"] = "/bin/false";
        environment["SSH_ASKPASS"] = "/bin/false";
        environment["LC_ALL"] = "C";
        environment.Remove("GIT_DIR");
        environment.Remove("GIT_WORK_TREE");
        environment.Remove("GIT_INDEX_FILE");
        foreach (var (name, value) in _environment)
        {
            environment[name] = value;
        }

        var config = new List<(string Key, string Value)>();
        if (_credentials.TokenFile is { } tokenFile)
        {
            var token = ReadSecret(tokenFile, "token");
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.TokenUser}:{token}"));
            secrets.Add(token);
            secrets.Add(basic);

            // Passed as configuration through the environment (git >= 2.31), so the token is
            // never on a command line that `ps` shows, nor written to the clone's .git/config.
            config.Add(("http.extraHeader", $"Authorization: Basic {basic}"));
        }

        if (config.Count > 0)
        {
            environment["GIT_CONFIG_COUNT"] = config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < config.Count; i++)
            {
                environment[$"GIT_CONFIG_KEY_{i}"] = config[i].Key;
                environment[$"GIT_CONFIG_VALUE_{i}"] = config[i].Value;
            }
        }
        else
        {
            environment.Remove("GIT_CONFIG_COUNT");
        }

        if (_credentials.SshKeyFile is { } keyFile)
        {
            if (!File.Exists(keyFile))
            {
                throw new GitException($"SSH key file {keyFile} does not exist; mount the key there or fix the setting");
            }

            var command = new StringBuilder("ssh -F /dev/null -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=yes");
            command.Append(" -i ").Append(ShellQuote(keyFile));
            if (_credentials.SshKnownHostsFile is { } knownHosts)
            {
                command.Append(" -o UserKnownHostsFile=").Append(ShellQuote(knownHosts));
            }

            environment["GIT_SSH_COMMAND"] = command.ToString();
        }
    }

    private static string ReadSecret(string path, string what)
    {
        try
        {
            var value = File.ReadAllText(path).Trim();
            if (value.Length == 0)
            {
                throw new GitException($"the git {what} file {path} is empty; write the {what} into it");
            }

            return value;
        }
        catch (IOException e)
        {
            throw new GitException($"the git {what} file {path} cannot be read ({e.Message}); mount it there or fix the setting", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GitException($"the git {what} file {path} cannot be read (permission denied); let the service's user read it", e);
        }
    }

    internal static string Redact(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" / ", lines.Take(3));
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
