using System.CommandLine;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler sim drift ...</c>: change the simulated cluster the way an admin in Windows Admin
/// Center would, behind the reconciler's back. Like WAC, adapter changes on a running VM turn it
/// off, make the change and start it again, as one change: the platform's rules still apply, and
/// a change they refuse changes nothing.
/// </summary>
internal static class SimDriftCommand
{
    public static Command Create(TextWriter output)
    {
        var drift = new Command("drift", "Disturb the simulated cluster as an admin would by hand");

        var host = new Argument<string>("HOST");
        var gpu = new Argument<string>("GPU") { Description = "Location path of the GPU" };
        var count = new Argument<int>("COUNT");
        drift.Add(Verb("partition-count", "Set a GPU's partition count (refused while partitions are assigned, as WAC does)", output, [host, gpu, count],
            (r, p, ct) => p.SetPartitionCountAsync(r.GetValue(host)!, r.GetValue(gpu)!, r.GetValue(count), ct)));
        drift.Add(Verb("dismount", "Disable and dismount a GPU from its host", output, [host, gpu],
            (r, p, ct) => p.DismountGpuAsync(r.GetValue(host)!, r.GetValue(gpu)!, ct)));

        var vm = new Argument<string>("VM");
        var pin = new Option<string?>("--gpu") { Description = "Pin the partition to this GPU (location path)" };
        drift.Add(Verb("add-adapter", "Give a VM a GPU partition", output, [vm, pin],
            (r, p, ct) => p.AddPartitionAdapterAsAdminAsync(r.GetValue(vm)!, r.GetValue(pin), ct)));
        drift.Add(Verb("remove-adapter", "Take a VM's GPU partition away", output, [vm],
            (r, p, ct) => p.RemovePartitionAdapterAsAdminAsync(r.GetValue(vm)!, ct)));
        drift.Add(Verb("stop", "Turn a VM off", output, [vm],
            async (r, p, ct) => await p.TurnOffVmAsync(await HostOf(p, r.GetValue(vm)!, ct).ConfigureAwait(false), r.GetValue(vm)!, ct).ConfigureAwait(false)));
        drift.Add(Verb("start", "Start a VM", output, [vm],
            async (r, p, ct) => await p.StartVmAsync(await HostOf(p, r.GetValue(vm)!, ct).ConfigureAwait(false), r.GetValue(vm)!, ct).ConfigureAwait(false)));
        SimHostDrift.AddTo(drift, output);
        return drift;
    }

    private static Command Verb(string name, string description, TextWriter output, Symbol[] symbols, Func<ParseResult, SimulatedClusterProvider, CancellationToken, Task> change)
    {
        var sim = SimTarget.Option();
        var command = new Command(name, description) { sim };
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
            }
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var provider = SimTarget.Open(result.GetValue(sim)!);
            try
            {
                await change(result, provider, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                await output.WriteLineAsync($"refused: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var arguments = symbols.OfType<Argument>().SelectMany(a => result.GetResult(a)?.Tokens.Select(t => t.Value) ?? []);
            await output.WriteLineAsync($"done: {name} {string.Join(' ', arguments)}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string> HostOf(SimulatedClusterProvider provider, string vm, CancellationToken cancellationToken) =>
        (await provider.ObserveAsync(cancellationToken).ConfigureAwait(false)).Vm(vm)?.Host
            ?? throw new ProviderException(ProviderErrorKind.Permanent, $"no VM named {vm} in the simulated cluster");
}
