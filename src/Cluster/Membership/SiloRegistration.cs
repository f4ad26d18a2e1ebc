namespace PoseCluster.Cluster.Membership;

/// <summary>What a silo declares about itself when it joins.</summary>
/// <param name="Name">Node name, unique among live silos.</param>
/// <param name="Class">Node class.</param>
/// <param name="Device">Execution device.</param>
/// <param name="Models">Model ids this silo can serve.</param>
/// <param name="Capacity">Capacity budget in work units per second (a camera costs fps x pipeline weight).</param>
/// <param name="Address">Data-plane address other nodes use to reach it (e.g. <c>http://10.0.0.5:7100</c>).</param>
/// <param name="HeartbeatInterval">How often it heartbeats.</param>
/// <param name="DeathWindow">Heartbeat silence after which the cluster declares it dead.</param>
public sealed record SiloRegistration(
    string Name,
    NodeClass Class,
    ExecutionDevice Device,
    IReadOnlyList<string> Models,
    double Capacity,
    string Address,
    TimeSpan HeartbeatInterval,
    TimeSpan DeathWindow);
