namespace Reconciler.Observed;

/// <summary>A node's state as the failover cluster reports it (MSCluster_Node.State; Get-ClusterNode).</summary>
public enum HostState
{
    /// <summary>Up: runs VMs and takes roles that fail over or move to it.</summary>
    Up,

    /// <summary>Paused (draining or drained): keeps running what it has, takes no new roles.</summary>
    Paused,

    /// <summary>Down: its VMs are off or have failed over; nothing can be asked of it or planned on it.</summary>
    Down,
}
