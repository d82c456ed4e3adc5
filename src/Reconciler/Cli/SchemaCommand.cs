using System.CommandLine;
using Reconciler.Spec.Schema;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler schema</c>: print the JSON Schema of the GpuCluster format (draft 2020-12), generated from
/// the same description the loader reads by. specs/schema/gpucluster.schema.json is this output.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("schema", "Print the JSON Schema of the GpuCluster spec format, for editors and other tools");
        command.SetAction(_ => Run(output));
        return command;
    }

    private static int Run(TextWriter output)
    {
        // The text ends in a newline already; Write, not WriteLine, keeps the committed file byte-identical.
        output.Write(JsonSchemaWriter.Write());
        return ExitCodes.Success;
    }
}
