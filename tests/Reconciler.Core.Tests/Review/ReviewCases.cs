namespace Reconciler.Tests.Review;

/// <summary>The example changes the golden files pin: one per kind of layout change a reviewer meets.</summary>
internal static class ReviewCases
{
    /// <summary>
    /// store-042's second L4 goes from 4 partitions of 6 GiB to 2 of 12 GiB; the VM pinned to it asks
    /// for 12 GiB, and the budget rises to 2 because both VMs on that GPU must be off at once.
    /// </summary>
    public static ReviewCase Repartition => ReviewCase.Edit("edge-store.yaml",
        ("maxUnavailable: 1", "maxUnavailable: 2"),
        ("locationPath: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", partitionCount: 4", "locationPath: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", partitionCount: 2"),
        ("gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 6GiB", "gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 12GiB"));

    /// <summary>The same repartition within the old budget of 1: blocked, because two VMs share the GPU.</summary>
    public static ReviewCase RepartitionOverBudget => ReviewCase.Edit("edge-store.yaml",
        ("locationPath: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", partitionCount: 4", "locationPath: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", partitionCount: 2"),
        ("gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 6GiB", "gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 12GiB"));

    /// <summary>store-042's loss-prevention VM is pinned to the first L4 instead of the second.</summary>
    public static ReviewCase VmMoved => ReviewCase.Edit("edge-store.yaml",
        ("gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 6GiB", "gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", vram: 6GiB"));

    /// <summary>ai-west gets a fifth node whose two L40S join the pool, and the batch VM is turned on.</summary>
    public static ReviewCase DdaPoolGrown => ReviewCase.Edit("ai-pool-cluster.yaml",
        ("    - name: hv-ai-04\n      gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ]\n",
         "    - name: hv-ai-04\n      gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ]\n    - name: hv-ai-05\n      gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ]\n"),
        ("mmio: { low: 3GiB, high: 64GiB }, power: off }", "mmio: { low: 3GiB, high: 64GiB }, power: running }"));

    /// <summary>vdi-east asks for 5 partitions per A16 (not a valid count) and a VM on a host the spec does not list.</summary>
    public static ReviewCase InvalidHead => ReviewCase.Edit("vdi-cluster.yaml",
        ("        - { model: NVIDIA A16, count: 4, partitionCount: 4 }\n    - name: hv-vdi-02", "        - { model: NVIDIA A16, count: 4, partitionCount: 5 }\n    - name: hv-vdi-02"),
        ("{ name: file-01, host: hv-vdi-01 }", "{ name: file-01, host: hv-vdi-03 }"));

    public static TheoryData<string> Names() => ["repartition", "repartition-over-budget", "vm-moved", "dda-pool-grown", "invalid-head"];

    public static ReviewCase ByName(string name) => name switch
    {
        "repartition" => Repartition,
        "repartition-over-budget" => RepartitionOverBudget,
        "vm-moved" => VmMoved,
        "dda-pool-grown" => DdaPoolGrown,
        "invalid-head" => InvalidHead,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such review case"),
    };
}
