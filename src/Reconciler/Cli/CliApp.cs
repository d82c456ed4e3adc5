using System.CommandLine;

namespace Reconciler.Cli;

/// <summary>The <c>reconciler</c> command line: verbs, usage errors (exit 2), and no stack traces for users.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        input ??= TextReader.Null;
        var root = new RootCommand("Reconciler keeps the GPUs of Hyper-V clusters laid out the way a YAML spec in git says.")
        {
            ValidateCommand.Create(output),
            SchemaCommand.Create(output),
            SimCommand.Create(output),
            ExportCommand.Create(output, error),
            PlanCommand.Create(output, error),
            ApplyCommand.Create(output, error, input),
            DiffCommand.Create(output, error),
            CapacityCommand.Create(output, error),
            RunCommand.Create(),
            StatusCommand.Create(output),
            CheckCommand.Create(output),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"reconciler: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'reconciler --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"reconciler: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Providers.ProviderException ex)
        {
            // A host that cannot be reached or refuses a call is the user's to fix, not a crash.
            await error.WriteLineAsync($"reconciler: {ex.Message}{(ex.Code is null ? "" : $" [{ex.Code}]")}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Environment.GetEnvironmentVariable("RECONCILER_DEBUG") is null)
        {
            // Users get one line; RECONCILER_DEBUG=1 lets the exception (and its stack) through for us.
            await error.WriteLineAsync($"reconciler: internal error: {ex.Message} (set RECONCILER_DEBUG=1 for details)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
