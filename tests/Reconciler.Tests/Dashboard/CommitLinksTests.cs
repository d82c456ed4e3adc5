using Reconciler.Dashboard;

namespace Reconciler.Tests.Dashboard;

public sealed class CommitLinksTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Theory]
    [InlineData("https://github.com/contoso/gpu-specs.git", "https://github.com/contoso/gpu-specs/commit/")]
    [InlineData("https://x-access-token@github.com/contoso/gpu-specs", "https://github.com/contoso/gpu-specs/commit/")]
    [InlineData("git@github.com:contoso/gpu-specs.git", "https://github.com/contoso/gpu-specs/commit/")]
    [InlineData("ssh://git@github.com/contoso/gpu-specs.git", "https://github.com/contoso/gpu-specs/commit/")]
    [InlineData("https://gitlab.com/group/sub/gpu-specs.git", "https://gitlab.com/group/sub/gpu-specs/-/commit/")]
    [InlineData("https://bitbucket.org/contoso/gpu-specs.git", "https://bitbucket.org/contoso/gpu-specs/commits/")]
    [InlineData("https://dev.azure.com/contoso/infra/_git/gpu-specs", "https://dev.azure.com/contoso/infra/_git/gpu-specs/commit/")]
    [InlineData("git@ssh.dev.azure.com:v3/contoso/infra/gpu-specs", "https://dev.azure.com/contoso/infra/_git/gpu-specs/commit/")]
    public void For_KnownForge_LinksTheCommitPage(string repository, string prefix) =>
        Assert.Equal(prefix + Commit, new CommitLinks(repository).For(Commit));

    [Theory]
    [InlineData(null)]
    [InlineData("/srv/git/gpu-specs")]
    [InlineData("https://git.example.com/contoso/gpu-specs.git")]
    [InlineData(@"C:\repos\gpu-specs")]
    public void For_UnknownOrLocalSource_GivesNoLink(string? repository) =>
        Assert.Null(new CommitLinks(repository).For(Commit));
}
