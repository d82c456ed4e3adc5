namespace Reconciler.Settings;

/// <summary>Reads a secret (token, webhook secret) from its file once, trimmed; null when no file is set.</summary>
internal static class SecretFile
{
    public static string? Read(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var value = File.ReadAllText(path).Trim();
        return value.Length == 0 ? throw new UsageException($"the secret file {path} is empty; write the secret into it") : value;
    }
}
