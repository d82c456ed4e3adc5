using System.Text.Json;
using Reconciler.Cli;

namespace Reconciler.Tests.Cli;

public class SchemaCommandTests
{
    [Fact]
    public async Task Schema_PrintsTheJsonSchemaAndExitsZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["schema"], output, error);

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        using var schema = JsonDocument.Parse(output.ToString());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.True(schema.RootElement.GetProperty("$defs").TryGetProperty("GpuCluster", out _));
        Assert.EndsWith("}\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_WithAnArgument_IsAUsageError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CliApp.RunAsync(["schema", "extra"], output, error);

        Assert.Equal(2, exit);
        Assert.Equal("", output.ToString());
    }
}
