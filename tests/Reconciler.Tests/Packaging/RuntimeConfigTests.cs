using System.Text.Json;

namespace Reconciler.Tests.Packaging;

/// <summary>What the built reconciler.runtimeconfig.json must carry for the container to work.</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void RuntimeConfig_SelectsManagedNtlm_SoNegotiateWorksOnLinuxWithoutGssNtlmssp()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "reconciler.runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.Net.Security.UseManagedNtlm").GetBoolean());
    }
}
