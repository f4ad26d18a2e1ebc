namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>
/// The in-process "advisory lock" of SQLite mode: at most one lease per database file in this process. Embedded
/// mode runs one silo, so it always leads; several in-process silos (tests) take turns like PostgreSQL ones.
/// </summary>
internal static class SqliteLeaderRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, SqliteLeaderLease> Holders = new(StringComparer.Ordinal);

    /// <summary>Takes the file's leadership for <paramref name="create"/>'s lease when nobody holds it.</summary>
    public static bool TryTake(string fullPath, Func<SqliteLeaderLease> create, out SqliteLeaderLease? lease)
    {
        lock (Gate)
        {
            if (Holders.TryGetValue(fullPath, out var holder) && holder.IsHeld)
            {
                lease = null;
                return false;
            }

            lease = create();
            Holders[fullPath] = lease;
            return true;
        }
    }

    /// <summary>Whether <paramref name="lease"/> is the file's current holder.</summary>
    public static bool Holds(string fullPath, SqliteLeaderLease lease)
    {
        lock (Gate)
        {
            return Holders.TryGetValue(fullPath, out var holder) && ReferenceEquals(holder, lease) && lease.IsHeld;
        }
    }

    /// <summary>Whether anyone holds the file's leadership.</summary>
    public static bool IsTaken(string fullPath)
    {
        lock (Gate)
        {
            return Holders.TryGetValue(fullPath, out var holder) && holder.IsHeld;
        }
    }

    /// <summary>Releases the file's leadership if <paramref name="lease"/> holds it.</summary>
    public static void Release(string fullPath, SqliteLeaderLease lease)
    {
        lock (Gate)
        {
            if (Holders.TryGetValue(fullPath, out var holder) && ReferenceEquals(holder, lease))
            {
                Holders.Remove(fullPath);
            }
        }
    }
}
