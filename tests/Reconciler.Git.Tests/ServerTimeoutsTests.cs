namespace Reconciler.Git.Tests;

[CollectionDefinition(nameof(ServerTimeoutsTests), DisableParallelization = true)]
public sealed class ProcessWideSettings;

/// <summary>libgit2's timeouts are process-wide: these tests run alone.</summary>
[Collection(nameof(ServerTimeoutsTests))]
public sealed class ServerTimeoutsTests
{
    [Fact]
    public void Apply_SetsLibgit2sConnectAndReadTimeouts_AsTheNativeLibraryReportsThem()
    {
        var applied = ServerTimeouts.Apply(TimeSpan.FromSeconds(42));

        Assert.True(applied);
        Assert.Equal((42_000, 42_000), ServerTimeouts.Current());
    }

    [Fact]
    public void NewSource_AppliesItsGitTimeout()
    {
        var cache = Directory.CreateTempSubdirectory("reconciler-timeouts-").FullName;
        try
        {
            _ = new GitSource(new GitSourceOptions { Repository = cache, CacheDirectory = cache, Timeout = TimeSpan.FromSeconds(13) });

            Assert.Equal((13_000, 13_000), ServerTimeouts.Current());
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
