using System.CommandLine;
using Reconciler.Providers;
using Reconciler.Simulation;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler sim drift fail-host | recover-host | pause-host | resume-host HOST</c>: what happens
/// to a failover cluster's nodes without anyone asking the reconciler. fail-host prints where the
/// cluster restarted each GPU VM and which it left stranded.
/// </summary>
internal static class SimHostDrift
{
    public static void AddTo(Command drift, TextWriter output)
    {
        drift.Add(Verb("fail-host", "A node fails: clustered GPU VMs restart where their GPU resource is free, the rest stay off", output,
            async (p, host, ct) =>
            {
                var outcome = await p.FailHostAsync(host, ct).ConfigureAwait(false);
                foreach (var restart in outcome.Restarts)
                {
                    await output.WriteLineAsync($"failed over: {restart.Vm} restarted on {restart.To}").ConfigureAwait(false);
                }

                foreach (var stranded in outcome.Stranded)
                {
                    await output.WriteLineAsync($"stranded: {stranded.Vm} stays off: {stranded.Reason}").ConfigureAwait(false);
                }
            }));
        drift.Add(Verb("recover-host", "A failed node comes back up, running nothing; failed-over VMs stay where they are", output,
            (p, host, ct) => p.RecoverHostAsync(host, ct)));
        drift.Add(Verb("pause-host", "Pause a node (it keeps its VMs and takes no new roles)", output,
            (p, host, ct) => p.SetPausedAsync(host, paused: true, ct)));
        drift.Add(Verb("resume-host", "Resume a paused node", output,
            (p, host, ct) => p.SetPausedAsync(host, paused: false, ct)));
    }

    private static Command Verb(string name, string description, TextWriter output, Func<SimulatedClusterProvider, string, CancellationToken, Task> change)
    {
        var sim = SimTarget.Option();
        var host = new Argument<string>("HOST");
        var command = new Command(name, description) { sim, host };
        command.SetAction(async (result, cancellationToken) =>
        {
            var provider = SimTarget.Open(result.GetValue(sim)!);
            try
            {
                await change(provider, result.GetValue(host)!, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                await output.WriteLineAsync($"refused: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync($"done: {name} {result.GetValue(host)}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
