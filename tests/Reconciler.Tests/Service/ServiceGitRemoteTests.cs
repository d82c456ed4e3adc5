using Microsoft.Extensions.DependencyInjection;
using Reconciler.Observed;
using Reconciler.Reconciliation;
using Reconciler.Service;
using Reconciler.Testing.Git;

namespace Reconciler.Tests.Service;

/// <summary>
/// The service following a real remote: <c>git daemon</c> serving the repository over git:// on
/// loopback, commits signed with gpg and with ssh, and the service's own libgit2 fetch.
/// </summary>
public sealed class ServiceGitRemoteTests : IAsyncLifetime, IDisposable
{
    private readonly ServiceHarness _service = new();
    private TestSigners? _signers;
    private GitDaemon? _daemon;

    private const string World = """
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "PCIROOT(0)#PCI(0200)#PCI(0000)", mode: partitioned, partitionCount: 4 }
              vms:
                - { name: vdi-01, state: Running }
        """;

    private TestSigners Signers => _signers!;

    public Task InitializeAsync()
    {
        _service.World("lab", World);
        _signers = new TestSigners(Path.Combine(_service.StateDirectory + "-signers"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Dispose();
        await _service.DisposeAsync();
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        _daemon = null;
        _signers?.Dispose();
        _signers = null; // the harness deletes its directory, the signers' keys with it
    }

    private static string Spec(int partitionCount) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          policy: { mode: enforce, maxUnavailable: 1 }
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, partitionCount: {{partitionCount}} }
          vms:
            - { name: vdi-01, host: hv-01, gpu: { partition: {} }, power: running }
        """;

    private async Task StartAgainstDaemonAsync(string verify, string trustSetting, string trustFile)
    {
        _daemon = new GitDaemon(_service.Repository.Directory);
        _service.Settings["Reconciler:Source:Repository"] = _daemon.Url;
        _service.Settings["Reconciler:Source:Verify"] = verify;
        _service.Settings[$"Reconciler:Source:{trustSetting}"] = trustFile;
        _service.Settings["Reconciler:Source:GitTimeout"] = "00:00:10"; // a fetch left hanging frees the next one soon
        await _service.StartAsync();
    }

    [Fact]
    public async Task GitDaemonRemote_GpgSignedCommitsAreApplied_UnsignedTipStallsUntilASignedFix()
    {
        _service.Repository.Write("specs/lab.yaml", Spec(4));
        var first = Signers.CommitGpg(_service.Repository, "lab: 4 partitions, signed");
        await StartAgainstDaemonAsync("gpg", "TrustedKeysFile", Signers.TrustedGpgKeys);

        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == first, "the signed revision applied over git://");

        _service.Repository.Write("specs/lab.yaml", Spec(8));
        var unsigned = _service.Repository.Commit("lab: 8 partitions, unsigned");
        var stalled = await _service.SyncUntilAsync("lab", s => s.LastAttemptedRevision == unsigned && s.Is(ConditionType.Stalled), "the unsigned tip stalled");
        Assert.Equal("UntrustedRevision", stalled.Find(ConditionType.Stalled)!.Reason);
        Assert.Equal(first, stalled.LastAppliedRevision);
        Assert.Equal(4, (await _service.ByHand("lab").ObserveAsync(CancellationToken.None)).Hosts[0].Gpus[0].PartitionCount);

        var fix = Signers.CommitGpg(_service.Repository, "lab: 8 partitions, signed");
        var applied = await _service.SyncUntilAsync("lab", s => s.LastAppliedRevision == fix, "the signed fix applied");
        Assert.False(applied.Is(ConditionType.Stalled));
        Assert.Equal(8, (await _service.ByHand("lab").ObserveAsync(CancellationToken.None)).Hosts[0].Gpus[0].PartitionCount);
    }

    [Fact]
    public async Task GitDaemonRemote_SshSignedByTheAllowedSignerIsApplied_StrangersSignatureStalls()
    {
        _service.Repository.Write("specs/lab.yaml", Spec(4));
        var first = TestSigners.CommitSsh(_service.Repository, Signers.TrustedSshKey, "lab: 4 partitions, signed");
        await StartAgainstDaemonAsync("ssh", "AllowedSignersFile", Signers.AllowedSigners);

        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == first, "the signed revision applied over git://");

        _service.Repository.Write("specs/lab.yaml", Spec(8));
        var stranger = TestSigners.CommitSsh(_service.Repository, Signers.StrangerSshKey, "lab: 8 partitions, signed by a stranger");
        var stalled = await _service.SyncUntilAsync("lab", s => s.LastAttemptedRevision == stranger && s.Is(ConditionType.Stalled), "the stranger's tip stalled");
        Assert.Equal("UntrustedRevision", stalled.Find(ConditionType.Stalled)!.Reason);
        Assert.Contains("not signed by a trusted ssh key", stalled.Find(ConditionType.Stalled)!.Message, StringComparison.Ordinal);
        Assert.Equal(first, stalled.LastAppliedRevision);
    }

    [Fact]
    public async Task GitRemoteHangs_AVmStoppedByHand_IsStartedAgainWhileTheFetchStillWaits()
    {
        _service.Repository.Write("specs/lab.yaml", Spec(4));
        var good = _service.Repository.Commit("lab");
        _daemon = new GitDaemon(_service.Repository.Directory);
        using var relay = new HangingRelay(_daemon.Port);
        _service.Settings["Reconciler:Source:Repository"] = _daemon.Url.Replace($":{_daemon.Port}/", $":{relay.Port}/", StringComparison.Ordinal);
        _service.Settings["Reconciler:Source:GitTimeout"] = "00:02:00"; // far longer than the test runs
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == good, "the revision applied");

        // The remote stops answering; someone turns the VM off by hand; a sync starts a tick.
        relay.Hang();
        var board = _service.Services.GetRequiredService<StatusBoard>();
        var lastAttempt = board.Source.LastFetchAttemptAt;
        await _service.ByHand("lab").TurnOffVmAsync("hv-01", "vdi-01", CancellationToken.None);
        await _service.SyncAsync();

        await _service.WaitForAsync("lab", s => s.LastResult?.Outcome == TickOutcome.Converged && s.History.Length >= 2, "the VM started again");
        Assert.Equal(VmPowerState.Running, (await _service.ByHand("lab").ObserveAsync(CancellationToken.None)).Vm("vdi-01")!.State);
        // The hung fetch has not ended (no attempt finished since): the tick did not wait for it.
        Assert.Equal(lastAttempt, board.Source.LastFetchAttemptAt);
        Assert.Null(board.Source.FetchError);
    }
}
