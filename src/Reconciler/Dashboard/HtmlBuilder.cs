using System.Runtime.CompilerServices;
using System.Text;

namespace Reconciler.Dashboard;

/// <summary>Writes a page: <see cref="Add"/> takes interpolated HTML whose holes are escaped (see <see cref="HtmlHandler"/>).</summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _text = new(16 * 1024);

    public HtmlBuilder Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler html)
    {
        _ = html;
        return this;
    }

    public HtmlBuilder Raw(string html)
    {
        _text.Append(html);
        return this;
    }

    /// <summary>Text as HTML: the five characters that could open markup or end an attribute are replaced.</summary>
    public HtmlBuilder Text(string? text)
    {
        if (text is null)
        {
            return this;
        }

        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => _text.Append("&amp;"),
                '<' => _text.Append("&lt;"),
                '>' => _text.Append("&gt;"),
                '"' => _text.Append("&quot;"),
                '\'' => _text.Append("&#39;"),
                _ => _text.Append(c),
            };
        }

        return this;
    }

    public static string Escape(string? text) => new HtmlBuilder().Text(text).ToString();

    public override string ToString() => _text.ToString();
}
