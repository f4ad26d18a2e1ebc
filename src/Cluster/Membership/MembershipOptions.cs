namespace PoseCluster.Cluster.Membership;

/// <summary>How a silo joins the cluster and keeps its membership.</summary>
public sealed class MembershipOptions
{
    /// <summary>Node name, unique among live silos. Default: the machine name.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Node class. Default <see cref="NodeClass.Nuc"/>.</summary>
    public NodeClass NodeClass { get; set; } = NodeClass.Nuc;

    /// <summary>Execution device. Default <see cref="ExecutionDevice.Cpu"/>.</summary>
    public ExecutionDevice Device { get; set; } = ExecutionDevice.Cpu;

    /// <summary>Model ids this silo can serve (the placement filter matches pipelines against them). Default none.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Capacity budget in work units per second (a camera costs fps x pipeline weight). Default 100.</summary>
    public double Capacity { get; set; } = 100;

    /// <summary>Data-plane address other nodes use to reach this silo. Default empty (not reachable remotely).</summary>
    public string DataPlaneAddress { get; set; } = "";

    /// <summary>How often the silo heartbeats. Default 500 ms.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Heartbeat silence after which the cluster declares the silo dead and reassigns its grains. Default 2.5 s.
    /// The silo fences itself (stops its grains) one heartbeat interval earlier, so it has stopped before the
    /// cluster reassigns.
    /// </summary>
    public TimeSpan DeathWindow { get; set; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>Longest a graceful stop waits for the director to move this silo's grains away. Default 15 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether a silo declared dead (e.g. after a long store outage) registers again as a new incarnation instead of
    /// staying out. Default true: the cluster heals without an operator.
    /// </summary>
    public bool RejoinAfterDeath { get; set; } = true;

    /// <summary>Whether this silo campaigns for the placement-director leadership. Default true.</summary>
    public bool CanLead { get; set; } = true;

    /// <summary>How long before the death window runs out the silo fences itself: one heartbeat interval.</summary>
    public TimeSpan SelfFenceAfter => DeathWindow - HeartbeatInterval;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName))
        {
            throw new ArgumentException($"{nameof(NodeName)} is required.");
        }

        if (NodeName.Length > 100 || NodeName.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException($"{nameof(NodeName)} must be 1-100 characters without spaces (was '{NodeName}').");
        }

        if (!double.IsFinite(Capacity) || Capacity <= 0)
        {
            throw new ArgumentException($"{nameof(Capacity)} must be a positive number of work units per second (was {Capacity}).");
        }

        if (Models.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{nameof(Models)} must not contain empty model ids.");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(50) || HeartbeatInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{nameof(HeartbeatInterval)} must be between 50 ms and 1 min (was {HeartbeatInterval.TotalMilliseconds} ms).");
        }

        if (DeathWindow < 3 * HeartbeatInterval)
        {
            throw new ArgumentException(
                $"{nameof(DeathWindow)} must be at least 3 heartbeat intervals (was {DeathWindow.TotalMilliseconds} ms with a "
                + $"{HeartbeatInterval.TotalMilliseconds} ms interval), or one late heartbeat would kill the silo.");
        }

        if (DrainTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(DrainTimeout)} must not be negative.");
        }
    }

    /// <summary>The registration these options describe.</summary>
    public SiloRegistration ToRegistration() => new(
        NodeName,
        NodeClass,
        Device,
        Models.Distinct(StringComparer.Ordinal).ToArray(),
        Capacity,
        DataPlaneAddress,
        HeartbeatInterval,
        DeathWindow);
}
