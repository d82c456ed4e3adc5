namespace Reconciler;

/// <summary>
/// The user asked for something impossible (a flag, a path, a setting): the CLI prints the
/// message and exits 2. It sits at the root because both the verbs and the service's start-up
/// (bad configuration) raise it, and neither should import the other for it.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
