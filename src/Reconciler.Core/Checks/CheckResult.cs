namespace Reconciler.Checks;

/// <summary>
/// One preflight check: a stable <paramref name="Id"/> (scripts read it from <c>-o json</c>), the
/// line an admin reads, and on failure the one thing to do about it.
/// </summary>
public sealed record CheckResult(string Id, string Title, CheckStatus Status, string Detail, string? Remedy = null)
{
    public static CheckResult Pass(string id, string title, string detail) => new(id, title, CheckStatus.Pass, detail);

    public static CheckResult Warn(string id, string title, string detail, string remedy) => new(id, title, CheckStatus.Warn, detail, remedy);

    public static CheckResult Fail(string id, string title, string detail, string remedy) => new(id, title, CheckStatus.Fail, detail, remedy);

    public static CheckResult Skip(string id, string title, string detail) => new(id, title, CheckStatus.Skip, detail);
}
