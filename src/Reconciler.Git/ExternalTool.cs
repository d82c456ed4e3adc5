using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Reconciler.Git;

/// <summary>
/// Runs a helper program the library leaves to the system (gpg and ssh-keygen check signatures:
/// libgit2 only extracts them). Every call has a time limit that kills the process tree, never
/// waits for input it was not given, and reports failures as a <see cref="GitException"/>.
/// </summary>
internal static class ExternalTool
{
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, string? input, TimeSpan timeout, string installHint, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new GitException($"{program} could not be started ({e.Message}); {installHint}", e);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), limit.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close(); // a prompt must fail, not hang
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new GitException($"{program} {arguments.FirstOrDefault(a => !a.StartsWith('-')) ?? ""} failed (exit {process.ExitCode}): {FirstLines(error.Length > 0 ? error : output)}".Replace("  ", " ", StringComparison.Ordinal));
            }

            return output;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw new GitException($"{program} did not finish within {timeout.TotalSeconds:0.#}s and was stopped") { TimedOut = true };
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        catch (IOException e)
        {
            // The program exited before reading its input: its exit code says why.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new GitException($"{program} failed (exit {process.ExitCode}): {FirstLines(await stderr.ConfigureAwait(false))}", e);
        }
    }

    internal static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" / ", lines.Take(3));
    }

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
