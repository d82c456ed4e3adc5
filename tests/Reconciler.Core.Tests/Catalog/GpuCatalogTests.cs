using Reconciler.Catalog;
using Reconciler.Spec;

namespace Reconciler.Tests.Catalog;

public class GpuCatalogTests
{
    [Theory]
    [InlineData("NVIDIA A2")]
    [InlineData("NVIDIA A10")]
    [InlineData("NVIDIA A16")]
    [InlineData("NVIDIA A40")]
    [InlineData("NVIDIA L2")]
    [InlineData("NVIDIA L4")]
    [InlineData("NVIDIA L40")]
    [InlineData("NVIDIA L40S")]
    public void EveryWindowsServer2025GpuPModel_IsPartitionable(string name)
    {
        var model = GpuCatalog.Default.Find(name);

        Assert.NotNull(model);
        Assert.True(model.SupportsPartitioning);
        Assert.Contains(1, model.ValidPartitionCounts);
    }

    [Fact]
    public void A16_HasFourGpusPerBoardAndConfirmedCounts()
    {
        var a16 = GpuCatalog.Default.Find("NVIDIA A16")!;

        Assert.Equal(4, a16.GpusPerBoard);
        Assert.Equal(new[] { 1, 2, 4, 8, 16 }.ToValueList(), a16.ValidPartitionCounts);
        Assert.Equal(ByteSize.FromGiB(4), a16.PartitionSize(4));
    }

    [Fact]
    public void FortyEightGigabyteBoards_CapPartitionsAt32() =>
        Assert.Equal(32, GpuCatalog.Default.Find("NVIDIA L40S")!.ValidPartitionCounts.Max());

    [Theory]
    [InlineData("a16", "NVIDIA A16")]
    [InlineData("nvidia l40s", "NVIDIA L40S")]
    [InlineData(" NVIDIA L4 ", "NVIDIA L4")]
    public void Find_IgnoresCaseAndVendorPrefix(string typed, string expected) =>
        Assert.Equal(expected, GpuCatalog.Default.Find(typed)?.Name);

    [Fact]
    public void T4_IsDdaOnly() => Assert.False(GpuCatalog.Default.Find("NVIDIA T4")!.SupportsPartitioning);

    [Fact]
    public void DriverBranches_AreOrderedOldestFirst() =>
        Assert.Equal(GpuCatalog.Default.DriverBranches.Order(), GpuCatalog.Default.DriverBranches);

    [Fact]
    public void Parse_RefusesAModelWithoutVram() =>
        Assert.Throws<InvalidDataException>(() => GpuCatalog.Parse("models: [ { name: X, vramPerGpu: lots } ]"));
}
