using Reconciler.Diagnostics;
using Reconciler.Yaml;

namespace Reconciler.Tests.Yaml;

public class YamlTreeReaderTests
{
    [Fact]
    public void Read_KeepsOneBasedLineAndColumnOfValues()
    {
        var bag = new DiagnosticBag();
        var docs = YamlTreeReader.Read("f.yaml", "a: 1\nb:\n  c: [x, y]\n", bag);

        var root = Assert.IsType<MappingNode>(Assert.Single(docs).Root);
        var b = Assert.IsType<MappingNode>(root.Entries[1].Value);
        var c = Assert.IsType<SequenceNode>(b.Entries[0].Value);
        Assert.Equal(new SourceLocation("f.yaml", 3, 6), c.Location);
        Assert.Equal(new SourceLocation("f.yaml", 3, 10), c.Items[1].Location);
        Assert.Empty(bag.Items);
    }

    [Fact]
    public void Read_ReturnsEveryDocumentOfAMultiDocumentFile()
    {
        var docs = YamlTreeReader.Read("f.yaml", "a: 1\n---\nb: 2\n---\n", new DiagnosticBag());

        Assert.Equal(3, docs.Count);
        Assert.True(docs[2].Root is null or ScalarNode { IsNull: true });
    }

    [Fact]
    public void Read_DuplicateKey_ReportsSecondOccurrenceAndKeepsFirst()
    {
        var bag = new DiagnosticBag();
        var docs = YamlTreeReader.Read("f.yaml", "a: 1\nb: 2\na: 3\n", bag);

        var d = Assert.Single(bag.Items);
        Assert.Equal(Codes.DuplicateKey, d.Code);
        Assert.Equal(new SourceLocation("f.yaml", 3, 1), d.Location);
        var root = Assert.IsType<MappingNode>(docs[0].Root);
        Assert.Equal("1", ((ScalarNode)root.Entries[0].Value).Value);
    }

    [Fact]
    public void Read_SyntaxError_ReportsPositionWithoutThrowing()
    {
        var bag = new DiagnosticBag();
        YamlTreeReader.Read("f.yaml", "a: 1\n b: [1, 2\n", bag);

        var d = Assert.Single(bag.Items);
        Assert.Equal(Codes.YamlSyntax, d.Code);
        Assert.True(d.Location.Line >= 2);
    }

    [Fact]
    public void Read_AliasesResolveToTheAnchoredNode()
    {
        var bag = new DiagnosticBag();
        var docs = YamlTreeReader.Read("f.yaml", "a: &x { k: v }\nb: *x\n", bag);

        var root = Assert.IsType<MappingNode>(docs[0].Root);
        Assert.Same(root.Entries[0].Value, root.Entries[1].Value);
        Assert.Empty(bag.Items);
    }

    [Fact]
    public void Read_UnknownAlias_IsReported()
    {
        var bag = new DiagnosticBag();
        YamlTreeReader.Read("f.yaml", "a: *nope\n", bag);

        Assert.Contains(bag.Items, d => d.Code == Codes.UnknownAnchor || d.Code == Codes.YamlSyntax);
    }

    [Fact]
    public void Read_EmptyFile_WarnsNoDocuments()
    {
        var bag = new DiagnosticBag();
        YamlTreeReader.Read("f.yaml", "# only a comment\n", bag);

        Assert.Equal(Codes.NoDocuments, Assert.Single(bag.Items).Code);
    }
}
