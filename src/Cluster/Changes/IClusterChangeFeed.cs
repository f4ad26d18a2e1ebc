namespace PoseCluster.Cluster.Changes;

/// <summary>Change notifications from the store (PostgreSQL LISTEN/NOTIFY, or in-process for SQLite).</summary>
public interface IClusterChangeFeed
{
    /// <summary>
    /// Streams changes until cancelled. The first item is always a <see cref="ClusterChangeKind.Resync"/> once the
    /// feed is live, and another follows every reconnect: consumers re-read state then. Notifications can still be
    /// missed in edge cases, so consumers also re-read periodically.
    /// </summary>
    IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken cancellationToken);
}
