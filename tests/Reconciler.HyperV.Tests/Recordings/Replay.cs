using Reconciler.HyperV.Settings;
using Reconciler.Providers;

namespace Reconciler.HyperV.Tests.Recordings;

/// <summary>Opens the Hyper-V provider on a recording instead of hosts, with the cluster and host names it was made with.</summary>
internal static class Replay
{
    public static IClusterProvider Open(ReplayTransport transport)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("reconciler-replay-").FullName;
        File.WriteAllText(Path.Combine(directory, "username"), "replay\n");
        File.WriteAllText(Path.Combine(directory, "password"), "replay\n");
        var hosts = string.Join("\n", transport.Header.Hosts.Select(h => $"    - {{ name: {h}, address: 127.0.0.1, port: 9 }}"));
        var path = Path.Combine(directory, "hyperv.yaml");
        File.WriteAllText(path, $"""
            apiVersion: reconciler/v1
            kind: HyperVConnection
            metadata:
              name: {transport.Header.Cluster}
            spec:
              hosts:
            {hosts}
              transport: https
              auth: basic
              usernameFile: username
              passwordFile: password
              timeouts:
                jobPoll: 1ms
                shutdownPoll: 1ms
            """);
        return HyperVTarget.Open(HyperVSettingsReader.Read(path), path, null, TimeProvider.System, null, null, transport.For);
    }
}
