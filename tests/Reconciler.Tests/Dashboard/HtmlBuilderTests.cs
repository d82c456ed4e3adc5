using Reconciler.Dashboard;

namespace Reconciler.Tests.Dashboard;

public sealed class HtmlBuilderTests
{
    [Fact]
    public void Add_InterpolatedText_IsEscapedUnlessMarkup()
    {
        const string name = "<script>alert('x')</script> & \"quoted\"";
        var html = new HtmlBuilder().Add($"<td title=\"{name}\">{name}</td>{new Markup("<br>")}").ToString();

        Assert.Equal("<td title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;</td><br>", html);
    }
}
