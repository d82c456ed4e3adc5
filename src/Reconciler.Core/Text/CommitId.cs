namespace Reconciler.Text;

/// <summary>
/// The one rule for showing a commit: machine-read output (JSON, metrics labels, alert payloads'
/// <c>revision</c>) carries the full 40-digit id; text for people (logs, condition and alert
/// messages, tables, pages) the first <see cref="ShortLength"/> digits. docs/service.md says so.
/// </summary>
public static class CommitId
{
    public const int ShortLength = 12;

    public static string Short(string commit) => commit.Length > ShortLength ? commit[..ShortLength] : commit;
}
