using Reconciler.HyperV.Fake;
using Reconciler.Observed;
using Reconciler.Providers;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Tests.WsMan;

/// <summary>Jobs: polled to completion, failed with the host's error, or gone before they were read.</summary>
public sealed class MethodRunnerTests
{
    private static readonly string JobUri = ClassUri(Virtualization, "Msvm_ConcreteJob");

    [Fact]
    public async Task Job_RunningThenCompleted_IsPolledUntilJobState7()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { JobRunningPolls = 3 });

        await cluster.Provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None);

        var polls = cluster.Server.Requests.Count(r => r.Action == GetAction && r.Envelope.ToString().Contains(JobUri, StringComparison.Ordinal));
        Assert.Equal(4, polls);
        Assert.Equal(VmPowerState.Running, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.State);
    }

    [Fact]
    public async Task Job_EndingInException_FailsPermanentlyWithItsErrorCodeAndDescription()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            cluster.Provider.AddPartitionAdapterAsync("hv-01", "busy", null, PartitionSettings.None, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("Job 32775", error.Code);
        Assert.Contains("JobState 10", error.Message, StringComparison.Ordinal);
        Assert.Contains("turn it off first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_ThatVanishesBeforeItIsRead_IsTakenAsFinished_AndTheChangeIsThere()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { JobsVanishAtOnce = true });

        await cluster.Provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None);

        Assert.Contains(cluster.Server.Requests, r => r.Action == GetAction && r.Envelope.ToString().Contains(JobUri, StringComparison.Ordinal));
        Assert.Equal(VmPowerState.Running, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.State);
    }

    [Fact]
    public async Task ReturnValueOtherThan0Or4096_FailsWithTheMethodsCode()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        var runner = new Reconciler.HyperV.WsMan.MethodRunner(Client(cluster), "hv-01", TimeProvider.System, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var error = await Assert.ThrowsAsync<ProviderException>(() => runner.RunAsync(
            ClassUri(Virtualization, "Msvm_ComputerSystem"),
            [new("CreationClassName", "Msvm_ComputerSystem"), new("Name", FakeIds.Vm("idle-1"))],
            "RequestStateChange",
            [Reconciler.HyperV.WsMan.InvokeParameter.Simple("RequestedState", "11")],
            "resetting idle-1",
            CancellationToken.None));

        Assert.Equal("ReturnValue 32770", error.Code);
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    internal static Reconciler.HyperV.WsMan.WsManClient Client(FakeCluster cluster, int maxElements = Reconciler.HyperV.WsMan.WsManClient.DefaultMaxElements)
    {
        var server = cluster.Server;
#pragma warning disable CA2000 // the client owns the handler for the test's lifetime
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == server.Certificate.Thumbprint };
        var http = new HttpClient(handler);
#pragma warning restore CA2000
        var token = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{server.Options.Username}:{server.Options.Password}"));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", token);
        return new Reconciler.HyperV.WsMan.WsManClient(http, new Uri($"https://127.0.0.1:{server.Ports["hv-01"]}/wsman"), TimeSpan.FromSeconds(30),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, new HyperVMetrics(), maxElements);
    }
}
