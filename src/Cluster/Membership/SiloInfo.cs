namespace PoseCluster.Cluster.Membership;

/// <summary>A silo row as the store sees it; ages are measured with the database clock.</summary>
/// <param name="Id">Incarnation id (a restarted node gets a new one).</param>
/// <param name="Name">Node name.</param>
/// <param name="Class">Node class.</param>
/// <param name="Device">Execution device.</param>
/// <param name="Models">Model ids it serves.</param>
/// <param name="Capacity">Capacity budget in work units per second.</param>
/// <param name="Address">Data-plane address.</param>
/// <param name="Status">Life-cycle status.</param>
/// <param name="StartedAt">When it registered.</param>
/// <param name="HeartbeatAt">Its last heartbeat.</param>
/// <param name="HeartbeatAge">Database now minus <paramref name="HeartbeatAt"/>.</param>
/// <param name="DeathWindow">Its declared death window.</param>
/// <param name="ActiveGrains">Grains it reported running at its last heartbeat.</param>
/// <param name="ReportedLoad">Work units per second it reported at its last heartbeat.</param>
public sealed record SiloInfo(
    Guid Id,
    string Name,
    NodeClass Class,
    ExecutionDevice Device,
    IReadOnlyList<string> Models,
    double Capacity,
    string Address,
    SiloStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    TimeSpan HeartbeatAge,
    TimeSpan DeathWindow,
    int ActiveGrains,
    double ReportedLoad)
{
    /// <summary>True for <see cref="SiloStatus.Active"/> and <see cref="SiloStatus.Leaving"/>.</summary>
    public bool IsMember => Status is SiloStatus.Active or SiloStatus.Leaving;
}
