namespace Reconciler.Git;

/// <summary>
/// A git command failed, timed out or could not be started. The message names the git
/// subcommand and carries git's own error text with every secret already redacted, so it is
/// safe to log and to show in status.
/// </summary>
public sealed class GitException : Exception
{
    public GitException()
    {
    }

    public GitException(string message)
        : base(message)
    {
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the command ran out of time rather than failing.</summary>
    public bool TimedOut { get; init; }
}
