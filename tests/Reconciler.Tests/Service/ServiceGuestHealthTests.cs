using Reconciler.Alerting;
using Reconciler.Observed;

namespace Reconciler.Tests.Service;

/// <summary>The service with the guest health gate: a guest that does not come back after a change is alerted, by name.</summary>
public sealed class ServiceGuestHealthTests : IAsyncLifetime, IDisposable
{
    private const string Gpu = "PCIROOT(0)#PCI(0200)#PCI(0000)";
    private readonly ServiceHarness _service = new();

    public Task InitializeAsync()
    {
        // vdi-02 runs without a GPU; its guest never reports healthy once it is started again.
        _service.World("lab", $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{Gpu}}", mode: partitioned, partitionCount: 4 } ]
                  vms: [ { name: vdi-02, state: Running } ]
              behaviour: { timeScale: 0, guests: { neverHealthy: [vdi-02] } }
            """);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    public void Dispose() => _service.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Fact]
    public async Task GuestThatDoesNotComeBack_FailsTheTick_AndAFailedStepAlertNamesIt()
    {
        _service.Repository.Write("specs/lab.yaml", """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              policy: { health: { timeout: 1s } }
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: 4 } ] } ]
              vms: [ { name: vdi-02, host: hv-01, gpu: { partition: {} } } ]
            """);
        _service.Repository.Commit("lab: give vdi-02 a partition");
        _service.Settings["Reconciler:Executor:HealthPollInterval"] = "00:00:00.100";
        await _service.StartAsync();

        await _service.WaitForAsync("lab", _ => _service.Alerts.Sent.Any(a => a.Kind == AlertKind.Failed), "a failed-step alert");

        var alert = _service.Alerts.Sent.First(a => a.Kind == AlertKind.Failed);
        Assert.Equal((AlertState.Firing, "vm/vdi-02", "StartVm"), (alert.State, alert.Object, alert.Field));
        Assert.Contains("the guest of VM vdi-02 did not come back", alert.Message, StringComparison.Ordinal);
        // The change itself was made, and the VM is running: only its guest is not up.
        var observed = await _service.ByHand("lab").ObserveAsync(CancellationToken.None);
        Assert.Equal(VmPowerState.Running, observed.Vm("vdi-02")!.State);
        Assert.NotNull(observed.Vm("vdi-02")!.Partition);

        // The next tick has nothing to change, but the guest is still down: the alert stays firing, unresolved.
        var next = await _service.WaitForAsync("lab", s => s.History.Length >= 2, "a second tick");
        Assert.Contains("the guest of VM vdi-02 is still not up", next.History[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_service.Alerts.Sent, a => a is { Kind: AlertKind.Failed, State: AlertState.Resolved });
    }
}
