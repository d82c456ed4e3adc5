using System.Xml.Linq;
using Reconciler.Drift;
using Reconciler.Review;
using Reconciler.Spec;

namespace Reconciler.Tests.Review;

/// <summary>The pictures are well-formed, self-contained SVG that name the hosts and VMs a reviewer looks for.</summary>
public class ReviewSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Picture(ReviewCase @case) => XDocument.Parse(ReviewSvg.Write(@case.Review().Clusters.Single()));

    private static IEnumerable<string> Texts(XDocument svg) => svg.Descendants(Svg + "text").Select(t => string.Concat(t.Nodes().OfType<XText>().Select(n => n.Value)));

    [Theory]
    [InlineData("repartition", "edge-042", "loss-prevention")]
    [InlineData("vm-moved", "edge-042", "loss-prevention")]
    [InlineData("dda-pool-grown", "hv-ai-04", "batch-01")]
    public void Write_ExampleChange_ParsesAsSvgAndLabelsHostAndVm(string name, string host, string vm)
    {
        var svg = Picture(ReviewCases.ByName(name));

        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Contains(host, Texts(svg));
        Assert.Contains(vm, Texts(svg));
        Assert.Contains("changed", Texts(svg)); // the legend
    }

    [Theory]
    [MemberData(nameof(ReviewCases.Names), MemberType = typeof(ReviewCases))]
    public void Write_AnyCase_HasNoScriptNoLinkAndNoExternalResource(string name)
    {
        foreach (var cluster in ReviewCases.ByName(name).Review().Clusters)
        {
            var svg = XDocument.Parse(ReviewSvg.Write(cluster));

            Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "image" or "foreignObject" or "a" or "style" or "use");
            Assert.DoesNotContain(svg.Descendants().Attributes(), a => a.Name.LocalName == "href" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
            Assert.DoesNotContain("url(", svg.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_Repartition_HighlightsTheRepartitionedGpuAndStaysNarrowEnoughForAComment()
    {
        var svg = Picture(ReviewCases.Repartition);

        Assert.True(int.Parse(svg.Root!.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture) <= 900);
        Assert.Contains(svg.Descendants(Svg + "rect"), r => (string?)r.Attribute("stroke") == "#ea580c" && (string?)r.Attribute("fill") == "none");
        Assert.Contains("2 × 12 GiB", Texts(svg));
        Assert.Contains("4 × 6 GiB", Texts(svg));
    }

    [Fact]
    public void Write_LongVmName_IsCutWithAnEllipsisAndKeptWholeInATooltip()
    {
        var name = "a-very-long-virtual-machine-name-for-the-point-of-sale";
        var @case = ReviewCase.Edit("edge-store.yaml", ("name: loss-prevention", $"name: {name}"), ("maxUnavailable: 1", "maxUnavailable: 2"));

        var svg = Picture(@case);

        var label = svg.Descendants(Svg + "text").First(t => (string?)t.Element(Svg + "title") == name);
        Assert.EndsWith("…", string.Concat(label.Nodes().OfType<XText>().Select(n => n.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void FileName_ClusterWithUnsafeCharacters_KeepsAPortableName()
    {
        Assert.Equal("store_042.svg", ReviewSvg.FileName("store/042"));
        Assert.Equal("vdi-east.svg", ReviewSvg.FileName("vdi-east"));
    }

    [Fact]
    public void Write_InvalidCluster_StillWritesAWellFormedPicture()
    {
        var review = new ClusterReview("x", "x.yaml", SpecChange.Changed, false, "", null, null, null, ValueList<Reconciler.Drift.BlockedItem>.Empty, ValueList<string>.Empty);

        Assert.Equal(Svg + "svg", XDocument.Parse(ReviewSvg.Write(review)).Root!.Name);
    }
}
