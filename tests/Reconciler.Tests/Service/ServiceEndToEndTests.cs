using System.Net;
using System.Security.Cryptography;
using System.Text;
using Reconciler.Alerting;
using Reconciler.Observed;
using Reconciler.Reconciliation;
using Reconciler.Tests.Alerts;
using Reconciler.Tests.Metrics;

namespace Reconciler.Tests.Service;

/// <summary>The whole loop: a real git repository, the service in process, the simulator as the cluster.</summary>
public sealed class ServiceEndToEndTests : IAsyncLifetime, IDisposable
{
    private const string Gpu = "PCIROOT(0)#PCI(0200)#PCI(0000)";
    private readonly ServiceHarness _service = new();

    private const string World = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu}}", mode: partitioned, partitionCount: 4 }
              vms:
                - { name: vdi-01, state: Running, gpuPartition: { gpu: "{{Gpu}}" } }
                - { name: vdi-02, state: Running }
                - { name: vdi-03, state: Off }
        """;

    public Task InitializeAsync()
    {
        _service.World("lab", World);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    public void Dispose() => _service.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static string Spec(int partitionCount, string mode = "enforce") => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata:
          name: lab
        spec:
          policy: { mode: {{mode}}, maxUnavailable: 2 }
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, partitionCount: {{partitionCount}} }
          vms:
            - { name: vdi-01, host: hv-01, gpu: { partition: {} }, power: running }
            - { name: vdi-02, host: hv-01, gpu: { partition: {} }, power: running }
            - { name: vdi-03, host: hv-01 }
        """;

    private string Commit(string spec, string message)
    {
        _service.Repository.Write("specs/lab.yaml", spec);
        return _service.Repository.Commit(message);
    }

    private async Task<ObservedCluster> ObserveByHandAsync() => await _service.ByHand("lab").ObserveAsync(CancellationToken.None);

    [Fact]
    public async Task CommittedSpecChanges_AreApplied_InvalidRevisionStalls_FixIsApplied()
    {
        var first = Commit(Spec(4), "lab: partition the A16 in 4");
        await _service.StartAsync();

        var converged = await _service.WaitForAsync("lab", s => s.LastAppliedRevision == first, "the first revision applied");
        var observed = await ObserveByHandAsync();
        Assert.True(converged.Is(ConditionType.Ready));
        Assert.False(converged.Is(ConditionType.Drifted));
        Assert.NotNull(observed.Vm("vdi-02")!.Partition);
        Assert.Equal(VmPowerState.Running, observed.Vm("vdi-02")!.State);

        // A spec change: repartition the GPU in 8. Both VMs on it are stopped, moved and started.
        var second = Commit(Spec(8), "lab: 8 partitions");
        await _service.SyncAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == second, "the repartition applied");
        observed = await ObserveByHandAsync();
        Assert.Equal(8, observed.Hosts[0].Gpus[0].PartitionCount);
        Assert.All(new[] { "vdi-01", "vdi-02" }, vm => Assert.Equal(VmPowerState.Running, observed.Vm(vm)!.State));

        // An invalid revision: nothing of it is applied; the cluster stays on the last good one.
        var invalid = Commit(Spec(5), "lab: 5 partitions (not valid for an A16)");
        await _service.SyncAsync();
        var stalled = await _service.WaitForAsync("lab", s => s.LastAttemptedRevision == invalid && s.Is(ConditionType.Stalled), "the invalid revision stalled");
        Assert.Equal(second, stalled.LastAppliedRevision);
        Assert.Equal("InvalidRevision", stalled.Find(ConditionType.Stalled)!.Reason);
        Assert.Contains("specs/lab.yaml:10:", stalled.Find(ConditionType.Stalled)!.Message, StringComparison.Ordinal);
        Assert.False(stalled.Is(ConditionType.Ready));
        Assert.Equal(8, (await ObserveByHandAsync()).Hosts[0].Gpus[0].PartitionCount);
        Assert.Contains(_service.Alerts.Sent, a => a is { Kind: AlertKind.Stalled, State: AlertState.Firing } && a.Revision == invalid);

        // The fix is applied, and the stall resolves.
        var fixedRevision = Commit(Spec(2), "lab: 2 partitions");
        await _service.SyncAsync();
        var recovered = await _service.WaitForAsync("lab", s => s.LastAppliedRevision == fixedRevision, "the fix applied");
        Assert.False(recovered.Is(ConditionType.Stalled));
        Assert.True(recovered.Is(ConditionType.Ready));
        Assert.Equal(2, (await ObserveByHandAsync()).Hosts[0].Gpus[0].PartitionCount);
        Assert.Contains(_service.Alerts.Sent, a => a is { Kind: AlertKind.Stalled, State: AlertState.Resolved });
        // History, newest first: the invalid revision never ran; the last good one kept running meanwhile.
        Assert.Equal([fixedRevision, second, first], recovered.History.Select(h => h.Revision).Distinct().ToArray());
    }

    [Fact]
    public async Task HandChange_InEnforceMode_IsAlertedCorrectedAndResolved()
    {
        Commit(Spec(4), "lab");
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision is not null, "the first revision applied");
        Assert.DoesNotContain(_service.Alerts.Sent, a => a.Kind == AlertKind.Drift);

        await _service.ByHand("lab").TurnOffVmAsync("hv-01", "vdi-01", CancellationToken.None);
        await _service.SyncAsync();

        await _service.WaitForAsync("lab", _ => _service.Alerts.Sent.Any(a => a is { Kind: AlertKind.Drift, State: AlertState.Resolved }), "the drift alert resolved");
        var drift = _service.Alerts.Sent.Where(a => a.Kind == AlertKind.Drift).ToList();
        Assert.Equal([AlertState.Firing, AlertState.Resolved], drift.Select(a => a.State));
        Assert.Equal("vm/vdi-01", drift[0].Object);
        Assert.Equal(drift[0].Fingerprint, drift[1].Fingerprint);
        Assert.Equal(VmPowerState.Running, (await ObserveByHandAsync()).Vm("vdi-01")!.State);
    }

    [Fact]
    public async Task HandChange_InAlertMode_IsAlertedOnceAndLeftStandingUntilFixedByHand()
    {
        // The cluster already matches the spec, so alert mode has nothing to report at first.
        Commit(Spec(4, "enforce"), "lab: enforce once");
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision is not null, "the cluster brought to the spec");
        var alertRevision = Commit(Spec(4, "alert"), "lab: alert mode");
        await _service.SyncAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == alertRevision, "alert mode in sync");

        await _service.ByHand("lab").TurnOffVmAsync("hv-01", "vdi-02", CancellationToken.None);
        await _service.SyncAsync();
        var drifted = await _service.WaitForAsync("lab", s => s.Is(ConditionType.Drifted), "the drift seen");
        await _service.SyncAsync();
        await _service.WaitForAsync("lab", s => s.History.Length >= drifted.History.Length + 1, "one more tick");

        var firing = Assert.Single(_service.Alerts.Sent, a => a.Kind == AlertKind.Drift);
        Assert.Equal(AlertState.Firing, firing.State);
        Assert.Equal("vm/vdi-02", firing.Object);
        Assert.Equal(VmPowerState.Off, (await ObserveByHandAsync()).Vm("vdi-02")!.State);

        await _service.ByHand("lab").StartVmAsync("hv-01", "vdi-02", CancellationToken.None);
        await _service.SyncAsync();
        await _service.WaitForAsync("lab", s => !s.Is(ConditionType.Drifted), "the drift cleared");
        Assert.Equal([AlertState.Firing, AlertState.Resolved], _service.Alerts.Sent.Where(a => a.Kind == AlertKind.Drift).Select(a => a.State));
    }

    private static string Hmac(string key, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    /// <summary>Alerts go to a generic webhook channel on a local listener, signed with <c>alert-key</c>.</summary>
    private void DeliverAlertsTo(LocalReceiver receiver)
    {
        _service.RecordAlerts = false;
        _service.Settings["Reconciler:Alerts:Channels:0:Kind"] = "webhook";
        _service.Settings["Reconciler:Alerts:Channels:0:Url"] = new Uri(receiver.Address, "/alerts").ToString();
        _service.Settings["Reconciler:Alerts:Channels:0:SecretFile"] = _service.SecretFile("alert-hmac", "alert-key\n");
    }

    private static void AssertSigned(LocalReceiver.Received request) =>
        Assert.Equal("sha256=" + Hmac("alert-key", request.Body), request.Headers["X-Reconciler-Signature"]);

    [Fact]
    public async Task HandChange_InEnforceMode_WebhookChannelGetsASignedAlertThenItsResolve()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        DeliverAlertsTo(receiver);
        var revision = Commit(Spec(4), "lab");
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision is not null, "the first revision applied");

        await _service.ByHand("lab").TurnOffVmAsync("hv-01", "vdi-01", CancellationToken.None);
        await _service.SyncAsync();

        var requests = await receiver.WaitForAsync(2, "the drift alert and its resolve");
        Assert.All(requests, AssertSigned);
        Assert.Equal(["firing", "resolved"], requests.Select(r => r.Json.GetProperty("state").GetString()));
        var firing = requests[0].Json;
        Assert.Equal(("drift", "lab", "vm/vdi-01", revision), (firing.GetProperty("kind").GetString(), firing.GetProperty("cluster").GetString(), firing.GetProperty("object").GetString(), firing.GetProperty("revision").GetString()));
        Assert.NotEqual(firing.GetProperty("desired").GetString(), firing.GetProperty("observed").GetString());
        Assert.Equal(firing.GetProperty("fingerprint").GetString(), requests[1].Json.GetProperty("fingerprint").GetString());
        Assert.Equal(firing.GetProperty("onset").GetString(), requests[1].Json.GetProperty("onset").GetString());
        Assert.Equal(VmPowerState.Running, (await ObserveByHandAsync()).Vm("vdi-01")!.State);
    }

    [Fact]
    public async Task HandChange_InAlertMode_WebhookChannelGetsOneAlertUntilItIsFixedByHand()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        DeliverAlertsTo(receiver);
        Commit(Spec(4, "enforce"), "lab: enforce once"); // the world differs from the spec at first
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision is not null, "the cluster brought to the spec");
        var revision = Commit(Spec(4, "alert"), "lab: alert mode");
        await _service.SyncAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == revision, "alert mode in sync");

        await _service.ByHand("lab").TurnOffVmAsync("hv-01", "vdi-02", CancellationToken.None);
        await _service.SyncAsync();
        var drifted = await _service.WaitForAsync("lab", s => s.Is(ConditionType.Drifted), "the drift seen");
        for (var tick = 1; tick <= 2; tick++)
        {
            await _service.SyncAsync(); // well inside the re-notify interval (4 h): nothing is re-sent
            await _service.WaitForAsync("lab", s => s.History.Length >= drifted.History.Length + tick, $"tick {tick} after the drift");
        }

        Assert.Equal(VmPowerState.Off, (await ObserveByHandAsync()).Vm("vdi-02")!.State);
        await _service.ByHand("lab").StartVmAsync("hv-01", "vdi-02", CancellationToken.None);
        await _service.SyncAsync();
        await _service.WaitForAsync("lab", s => !s.Is(ConditionType.Drifted), "the drift cleared");

        // A channel delivers in order, so [firing, resolved] means nothing was re-sent while it stood.
        var requests = await receiver.WaitForAsync(2, "the alert and its resolve");
        Assert.All(requests, AssertSigned);
        Assert.Equal(["firing", "resolved"], requests.Select(r => r.Json.GetProperty("state").GetString()));
        Assert.All(requests, r => Assert.Equal("vm/vdi-02", r.Json.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task Metrics_AfterAReconcile_ParseAsPrometheusTextWithTheClustersSeries()
    {
        var revision = Commit(Spec(4), "lab");
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == revision, "the revision applied");

        using var response = await _service.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var families = PrometheusText.Parse(text);
        Assert.Equal(1, families["reconciler_reconciles_total"].Samples.Single(s => s.Label("cluster") == "lab" && s.Label("result") == "Converged").Value);
        Assert.Equal(1, families["reconciler_reconcile_duration_seconds"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
        Assert.Equal(0, families["reconciler_drift_items"].Samples.Single(s => s.Label("cluster") == "lab").Value);
        Assert.Equal(revision, families["reconciler_last_applied_revision_info"].Samples.Single(s => s.Label("cluster") == "lab").Label("revision"));
        Assert.Equal(1, families["reconciler_commit_to_converged_seconds"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal)).Value);
        // The world's vdi-02 has no partition yet: adding one takes operations, all of them succeeded.
        var operations = families["reconciler_operations_total"].Samples;
        Assert.Contains(operations, s => s.Label("kind") == "AddPartitionAdapter" && s.Label("result") == "succeeded");
        Assert.DoesNotContain(operations, s => s.Label("result") == "failed");
    }

    private async Task<HttpResponseMessage> PushAsync(string branch, string? key, string? body = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body ?? "{\"ref\":\"refs/heads/" + branch + "\",\"repository\":{\"full_name\":\"ops/lab\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/git") { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("X-GitHub-Event", "push");
        if (key is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Hmac(key, bytes));
        }

        return await _service.Http.SendAsync(request);
    }

    [Fact]
    public async Task GitPush_SignedForTheFollowedBranch_TicksAtOnce_WrongSignatureIsRefused()
    {
        _service.Settings["Reconciler:Http:WebhookSecretFile"] = _service.SecretFile("webhook-secret", "hook-key");
        _service.Settings["Reconciler:Http:TokenFile"] = _service.SecretFile("api-token", "api-token"); // guards /api/v1/sync, not the hook
        var first = Commit(Spec(4), "lab: 4 partitions");
        await _service.StartAsync();
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == first, "the first revision applied");
        var second = Commit(Spec(8), "lab: 8 partitions");

        using (var forged = await PushAsync("main", "guessed-key"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Equal("Basic", Assert.Single(forged.Headers.WwwAuthenticate).Scheme); // RFC 9110 §11.6.1: a 401 carries a challenge
        }

        using (var unsigned = await PushAsync("main", key: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            Assert.Equal("Basic", Assert.Single(unsigned.Headers.WwwAuthenticate).Scheme);
        }

        using (var tooLarge = await PushAsync("main", "hook-key", body: new string(' ', (1 << 20) + 1)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }

        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/hooks/git") { Content = new StreamContent(new UnsizedStream((1 << 20) + 1000)) })
        {
            // No Content-Length: the cap holds while reading.
            chunked.Headers.Add("X-GitHub-Event", "push");
            using var tooLargeChunked = await _service.Http.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLargeChunked.StatusCode);
        }

        using (var otherBranch = await PushAsync("feature/x", "hook-key"))
        {
            Assert.Equal(HttpStatusCode.Accepted, otherBranch.StatusCode);
            Assert.Contains("\"tick\": false", await otherBranch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var push = await PushAsync("main", "hook-key"))
        {
            Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
            Assert.Contains("\"tick\": true", await push.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The interval is 10 minutes: only the push can have started this tick.
        await _service.WaitForAsync("lab", s => s.LastAppliedRevision == second, "the pushed revision applied");
        Assert.Equal(8, (await ObserveByHandAsync()).Hosts[0].Gpus[0].PartitionCount);
    }

    /// <summary>A request body whose length is not told in advance, so it is sent chunked.</summary>
    private sealed class UnsizedStream(int size) : Stream
    {
        private int _left = size;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, _left);
            Array.Fill(buffer, (byte)' ', offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
