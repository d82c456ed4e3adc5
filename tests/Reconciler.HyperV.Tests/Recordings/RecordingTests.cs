using System.Text;
using System.Text.RegularExpressions;
using Reconciler.HyperV.Recording;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Tests.Recordings;

/// <summary>
/// Recordings (docs/hyperv.md, "Recordings"): every exchange written with no credential in it,
/// and served back by <see cref="ReplayTransport"/> so a recording becomes a regression test.
/// </summary>
public sealed partial class RecordingTests
{
    [Fact]
    public async Task Recording_MadeAgainstTheFake_ReplaysToTheSameResults_AndHoldsNoCredential()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var directory = Path.Combine(cluster.Directory, "recording");
        var recorded = await RunAsync(HyperVTarget.Open(cluster.SettingsPath, null, TimeProvider.System, null, directory));

        var transport = new ReplayTransport(directory);
        var replayed = await RunAsync(Replay.Open(transport));

        Assert.Empty(transport.Unexpected);
        Assert.Equal(0, transport.Unserved);
        Assert.Equal(recorded.Before.Hosts, replayed.Before.Hosts);
        Assert.Equal(recorded.After.Hosts, replayed.After.Hosts);
        Assert.Equal(VmPowerState.Running, replayed.After.Vm("idle-1")!.State);

        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{cluster.Server.Options.Username}:{cluster.Server.Options.Password}"));
        var files = Directory.GetFiles(directory);
        Assert.Contains(files, f => f.EndsWith(".response.xml", StringComparison.Ordinal));
        Assert.All(files, file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(cluster.Server.Options.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
            Assert.False(AuthToken().IsMatch(text), $"{file} holds an authentication token");
        });
    }

    [Fact]
    public void Redactor_CutsSecretsTokensAndPasswordElements()
    {
        var redactor = new Redactor(["s3cret-pass"]);

        var text = redactor.Redact("""<a>s3cret-pass</a><b>Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag</b><p:Password>x</p:Password><c Token="abc"/>""");

        Assert.DoesNotContain("s3cret-pass", text, StringComparison.Ordinal);
        Assert.DoesNotContain("YIIGhgYG", text, StringComparison.Ordinal);
        Assert.DoesNotContain(">x<", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", text, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(text, Regex.Escape(Redactor.Mark)));
    }

    /// <summary>Every recording folder under tests/Reconciler.HyperV.Tests/Recordings replays an observation without a request it does not hold.</summary>
    [Theory]
    [MemberData(nameof(CheckedIn))]
    public async Task CheckedInRecording_Replays(string name)
    {
        var transport = new ReplayTransport(Path.Combine(AppContext.BaseDirectory, "Recordings", name));

        var observed = await Replay.Open(transport).ObserveAsync(CancellationToken.None);

        Assert.Empty(transport.Unexpected);
        Assert.NotEmpty(observed.Hosts);
        Assert.Equal(transport.Header.Cluster, observed.Name);
    }

    public static TheoryData<string> CheckedIn()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Recordings")).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(directory, RecordingWriter.IndexFile)))
            {
                data.Add(Path.GetFileName(directory));
            }
        }

        return data;
    }

    private static async Task<(ObservedCluster Before, ObservedCluster After)> RunAsync(IClusterProvider provider)
    {
        var before = await provider.ObserveAsync(CancellationToken.None);
        await provider.SetPartitionCountAsync("hv-01", Worlds.Gpu2, 4, CancellationToken.None);
        await provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, PartitionSettings.None, CancellationToken.None);
        await provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None);
        await provider.SetOfflineActionAsync("idle-1", OfflineAction.ForceShutdown, CancellationToken.None);
        return (before, await provider.ObserveAsync(CancellationToken.None));
    }

    [GeneratedRegex(@"\b(Basic|Negotiate|Kerberos|NTLM|Bearer)\s+[A-Za-z0-9+/=]{12,}")]
    private static partial Regex AuthToken();
}
