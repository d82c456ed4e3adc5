using System.Globalization;
using System.Runtime.CompilerServices;

namespace Reconciler.Dashboard;

/// <summary>
/// Interpolated HTML where every hole is escaped unless it is <see cref="Markup"/>: names from
/// specs, git and hosts can never become markup, because escaping is the default, not a habit.
/// Numbers and dates are written in the invariant culture.
/// </summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly HtmlBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, HtmlBuilder builder)
    {
        _ = literalLength;
        _ = formattedCount;
        _builder = builder;
    }

    public void AppendLiteral(string value) => _builder.Raw(value);

    public void AppendFormatted(Markup value) => _builder.Raw(value.Value);

    public void AppendFormatted(string? value) => _builder.Text(value);

    public void AppendFormatted<T>(T value) =>
        _builder.Text(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());
}
