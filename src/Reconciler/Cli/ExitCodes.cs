namespace Reconciler.Cli;

/// <summary>Exit codes are a contract with scripts and CI (design.md §4.3).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Invalid spec, failed apply, or an internal error.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown verb or option, missing path.</summary>
    public const int Usage = 2;
}
