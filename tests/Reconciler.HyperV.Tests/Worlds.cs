using System.Text;

namespace Reconciler.HyperV.Tests;

/// <summary>Simulated worlds for the provider tests.</summary>
internal static class Worlds
{
    public const string Gpu1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    public const string Gpu2 = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    /// <summary>One host, two A16 GPUs split in 2, <paramref name="idleVms"/> VMs that are off besides a running one holding a partition.</summary>
    public static string Lab(int idleVms = 2, bool failoverCluster = true)
    {
        var vms = new StringBuilder();
        for (var i = 1; i <= idleVms; i++)
        {
            vms.Append($"        - {{ name: idle-{i}, state: Off }}\n");
        }

        return $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              failoverCluster: {{(failoverCluster ? "true" : "false")}}
              hosts:
                - name: hv-01
                  gpus:
                    - { model: NVIDIA A16, locationPath: "{{Gpu1}}", mode: partitioned, partitionCount: 2 }
                    - { model: NVIDIA A16, locationPath: "{{Gpu2}}", mode: partitioned, partitionCount: 2 }
                  vms:
                    - { name: busy, state: Running, gpuPartition: { gpu: "{{Gpu1}}" } }
            {{vms}}
            """;
    }
}
