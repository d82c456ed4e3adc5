using System.Diagnostics;

namespace Reconciler.Git;

/// <summary>Imports trusted public keys into the service's own keyring (gpg --homedir).</summary>
internal sealed class GpgCli(string home, TimeSpan timeout)
{
    public async Task ImportAsync(string keysFile, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("gpg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--batch", "--quiet", "--homedir", home, "--import", keysFile })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitException($"gpg could not be started ({e.Message}); install gnupg to verify OpenPGP signatures", e);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        _ = process.StandardOutput.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new GitException($"gpg could not import the trusted keys from {keysFile}: {(await error.ConfigureAwait(false)).Trim()}; give an armored public key file (gpg --armor --export)");
        }
    }
}
