namespace Reconciler.Simulation.State;

/// <summary>How the simulated hosts behave: latencies, time scale, faults and stubborn guests.</summary>
public sealed class SimBehaviour
{
    public TimeSpan ShutdownLatency { get; set; }

    public TimeSpan TurnOffLatency { get; set; }

    public TimeSpan StartLatency { get; set; }

    public TimeSpan ReconfigureLatency { get; set; }

    /// <summary>Multiplies every latency: 1 is real time, 0 is instant.</summary>
    public double TimeScale { get; set; } = 1;

    public double TransientFaultRate { get; set; }

    public int Seed { get; set; } = 1;

    public double IgnoreShutdownRate { get; set; }

    /// <summary>How long after its VM starts a guest reports healthy (heartbeat OK), before <see cref="TimeScale"/>.</summary>
    public TimeSpan GuestBoot { get; set; }

    /// <summary>VMs whose guest never reports healthy after a start: a broken image, a boot loop.</summary>
    public List<string> NeverHealthy { get; set; } = [];
}
