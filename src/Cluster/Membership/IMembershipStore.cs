using PoseCluster.Cluster.Leadership;

namespace PoseCluster.Cluster.Membership;

/// <summary>Silo rows, heartbeats and leadership, judged with the database clock.</summary>
public interface IMembershipStore
{
    /// <summary>
    /// Registers a new silo incarnation. A live row with the same name whose heartbeat is older than its death
    /// window is declared dead first; a fresh one makes this fail with <see cref="ClusterErrorCode.NodeNameConflict"/>.
    /// </summary>
    Task<SiloInfo> RegisterSiloAsync(SiloRegistration registration, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat (database time) with load figures; tells whether the silo is still a member.</summary>
    Task<HeartbeatResult> HeartbeatAsync(Guid siloId, SiloLoadReport load, CancellationToken cancellationToken);

    /// <summary>
    /// Sets a member's status: <see cref="SiloStatus.Leaving"/> (drain), <see cref="SiloStatus.Active"/> (undo a
    /// drain) or <see cref="SiloStatus.Left"/>. Returns false when the silo is no longer a member.
    /// </summary>
    Task<bool> SetSiloStatusAsync(Guid siloId, SiloStatus status, CancellationToken cancellationToken);

    /// <summary>Lists silos (members only unless <paramref name="includeEnded"/>), with heartbeat ages by the database clock.</summary>
    Task<IReadOnlyList<SiloInfo>> ListSilosAsync(bool includeEnded, CancellationToken cancellationToken);

    /// <summary>The recorded leader, or null when none ever led.</summary>
    Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken);

    /// <summary>An election for <paramref name="siloId"/>; dispose it to stop campaigning.</summary>
    ILeaderElection CreateLeaderElection(Guid siloId);
}
