namespace Reconciler.Tests.Dashboard;

/// <summary>A one-host simulated cluster, for the tests that need a small, quick service.</summary>
internal static class Lab
{
    private const string Gpu = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    public const string World = $$"""
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
        """;

    public static string Spec() => """
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata:
          name: lab
        spec:
          policy: { mode: enforce, maxUnavailable: 2 }
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, partitionCount: 4 }
          vms:
            - { name: vdi-01, host: hv-01, gpu: { partition: {} }, power: running }
            - { name: vdi-02, host: hv-01, gpu: { partition: {} }, power: running }
        """;
}
