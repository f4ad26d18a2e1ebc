namespace PoseCluster.Cluster.Leadership;

/// <summary>
/// Campaigns for the placement-director leadership. PostgreSQL: a session advisory lock held on one dedicated
/// connection, so leadership ends exactly when that session ends. SQLite (one process): an in-process lease.
/// </summary>
public interface ILeaderElection : IAsyncDisposable
{
    /// <summary>Tries once to become leader; null when another holder has it. Never waits for the lock.</summary>
    Task<ILeaderLease?> TryAcquireAsync(CancellationToken cancellationToken);
}
