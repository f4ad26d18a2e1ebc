using System.Collections.Concurrent;
using PoseCluster.Cluster.Changes;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>
/// In-process change notifications for SQLite, shared by every store instance of the same file in this process
/// (embedded mode is one process; other processes editing the file are picked up by periodic re-reads).
/// </summary>
internal static class SqliteChangeHub
{
    private static readonly ConcurrentDictionary<string, ChangeFanout> Fanouts = new(StringComparer.Ordinal);

    /// <summary>The fan-out of a database file.</summary>
    public static ChangeFanout For(string fullPath) => Fanouts.GetOrAdd(fullPath, _ => new ChangeFanout());
}
