using System.Net;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The standalone fake's command line (docs/hyperv.md):
/// <c>--world WORLD --listen URL [--auth basic|negotiate] --settings-out FILE</c>.
/// </summary>
public sealed record FakeHostArguments(string World, Uri Listen, IPAddress Address, string Auth, string SettingsOut)
{
    public const string Usage = "usage: dotnet run --project tests/Reconciler.HyperV.Fake -- --world WORLD --listen URL [--auth basic|negotiate] --settings-out FILE";

    public bool Https => Listen.Scheme == Uri.UriSchemeHttps;

    /// <summary>The first host's port: the URL's, or WinRM's own (5985 HTTP, 5986 HTTPS) when the URL names none.</summary>
    public int FirstPort => Listen.IsDefaultPort ? (Https ? 5986 : 5985) : Listen.Port;

    /// <summary>The arguments, or the one error that says what to change.</summary>
    public static (FakeHostArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("--world" or "--listen" or "--auth" or "--settings-out"))
            {
                return (null, $"unknown argument {args[i]}");
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{args[i]} needs a value");
            }

            values[args[i]] = args[++i];
        }

        foreach (var required in new[] { "--world", "--listen", "--settings-out" })
        {
            if (!values.ContainsKey(required))
            {
                return (null, $"{required} is required");
            }
        }

        var world = values["--world"];
        if (!File.Exists(world))
        {
            return (null, $"--world {world}: no such file (a SimulatedCluster world, e.g. specs/worlds/store-042.yaml)");
        }

        if (!Uri.TryCreate(values["--listen"], UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https") || listen.AbsolutePath is not ("/" or "/wsman"))
        {
            return (null, $"--listen {values["--listen"]}: give a URL such as https://127.0.0.1:5986 or http://127.0.0.1:0 (port 0: free ports)");
        }

        var address = listen.IsLoopback && !IPAddress.TryParse(listen.Host, out _) ? IPAddress.Loopback
            : IPAddress.TryParse(listen.Host.Trim('[', ']'), out var ip) ? ip : null;
        if (address is null)
        {
            return (null, $"--listen {listen}: the host must be an IP address or localhost (the fake binds to it)");
        }

        var auth = values.GetValueOrDefault("--auth", "basic");
        if (auth is not ("basic" or "negotiate"))
        {
            return (null, $"--auth {auth}: give basic or negotiate");
        }

        return (new FakeHostArguments(world, listen, address, auth, values["--settings-out"]), null);
    }
}
