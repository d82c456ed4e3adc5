namespace Reconciler.Dashboard;

/// <summary>HTML that is already safe (written by the dashboard itself), so <see cref="HtmlHandler"/> does not escape it again.</summary>
internal readonly record struct Markup(string Value)
{
    public override string ToString() => Value;
}
