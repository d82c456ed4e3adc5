using System.Runtime.InteropServices;
using Reconciler.Catalog;
using Reconciler.HyperV.Fake.Auth;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The fake as a program of its own, so anyone can try every verb on the Hyper-V path (plan,
/// apply, export, diff, run, check) without Windows: it serves every host of a simulated world
/// over WS-Management, writes the HyperVConnection settings file that reaches them, and stops on
/// Ctrl+C (SIGINT) or SIGTERM, removing the settings file it wrote.
/// </summary>
public static class FakeHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        var (arguments, error) = FakeHostArguments.Parse(args);
        if (arguments is null)
        {
            await Console.Error.WriteLineAsync($"fake-hyperv: {error}\n{FakeHostArguments.Usage}");
            return 2;
        }

        if (Unsupported(arguments) is { } refusal)
        {
            await Console.Error.WriteLineAsync($"fake-hyperv: {refusal}");
            return 2;
        }

        // The hosts' state lives beside the settings file, so `reconciler sim show --sim DIR`
        // shows what the fake hosts hold after an apply.
        var stateDirectory = Path.ChangeExtension(Path.GetFullPath(arguments.SettingsOut), null) + "-state";
        var findings = Simulator.Init(new StateStore(stateDirectory), arguments.World, await File.ReadAllTextAsync(arguments.World), GpuCatalog.Default);
        foreach (var finding in findings)
        {
            await Console.Error.WriteLineAsync(finding.ToString());
        }

        if (findings.Any(f => f.IsError))
        {
            return 1;
        }

        var options = new FakeOptions
        {
            Listen = new FakeListen(arguments.Address, arguments.FirstPort, arguments.Https),
            Auth = arguments.Auth == "negotiate" ? FakeAuth.Negotiate : FakeAuth.Basic,
            HostName = arguments.Listen.Host,

            // Kerberos needs a realm: the one KRB5_CONFIG names goes into the settings file, and
            // the acceptor takes the host's HTTP/ key from KRB5_KTNAME. Without them NTLM remains.
            KerberosConfigFile = Environment.GetEnvironmentVariable("KRB5_CONFIG"),
        };
        FakeWinRmServer server;
        try
        {
            server = await FakeWinRmServer.StartAsync(stateDirectory, options);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"fake-hyperv: cannot listen on {arguments.Listen}: {ex.Message}; pick other ports (port 0: free ones)");
            return 1;
        }

        await using (server)
        {
            var stop = new TaskCompletionSource();
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            var state = new StateStore(stateDirectory).Load();
            var hosts = state.Hosts.Select(h => (h.Name, arguments.Listen.Host, server.Ports[h.Name])).ToList();
            foreach (var (name, address, port) in hosts)
            {
                Console.WriteLine($"host {name}: {arguments.Listen.Scheme}://{address}:{port}/wsman");
            }

            FakeSettingsFile.Write(arguments.SettingsOut, state.Name, hosts, options, arguments.Https ? server.Certificate : null, arguments.Auth);
            Console.WriteLine($"settings: {arguments.SettingsOut} (try: reconciler check --hyperv {arguments.SettingsOut})");
            Console.WriteLine($"simulated state: {stateDirectory} (reconciler sim show --sim {stateDirectory})");
            Console.WriteLine("serving; Ctrl+C stops");
            await stop.Task;
            File.Delete(arguments.SettingsOut);
            Console.WriteLine("stopped");
            return 0;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true; // the process ends by returning from Main, after the cleanup
                stop.TrySetResult();
            }
        }
    }

    /// <summary>Combinations real WinRM refuses; null when fine.</summary>
    private static string? Unsupported(FakeHostArguments arguments) => arguments switch
    {
        { Auth: "basic", Https: false } =>
            "--auth basic needs an https:// --listen URL: WinRM refuses Basic over plain HTTP (AllowUnencrypted=false), and so does the provider",
        _ => null,
    };
}
