namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>
/// The "advisory lock" of SQLite mode: at most one lease per database file, in this process (a registry) and across
/// processes (an exclusive OS lock on <c>file.leader</c>, released by the OS when the process dies). Embedded mode
/// runs one silo, so it always leads; several silos on one file (tests) take turns like PostgreSQL ones.
/// </summary>
internal static class SqliteLeaderRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (SqliteLeaderLease Lease, FileStream Lock)> Holders = new(StringComparer.Ordinal);

    /// <summary>Takes the file's leadership for <paramref name="create"/>'s lease when nobody holds it.</summary>
    public static bool TryTake(string fullPath, Func<SqliteLeaderLease> create, out SqliteLeaderLease? lease)
    {
        lock (Gate)
        {
            if (Holders.TryGetValue(fullPath, out var holder))
            {
                if (holder.Lease.IsHeld)
                {
                    lease = null;
                    return false;
                }

                holder.Lock.Dispose();
                Holders.Remove(fullPath);
            }

            FileStream fileLock;
            try
            {
                fileLock = new FileStream(fullPath + ".leader", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another process leads this file.
                lease = null;
                return false;
            }

            lease = create();
            Holders[fullPath] = (lease, fileLock);
            return true;
        }
    }

    /// <summary>Whether <paramref name="lease"/> is the file's current holder.</summary>
    public static bool Holds(string fullPath, SqliteLeaderLease lease)
    {
        lock (Gate)
        {
            return Holders.TryGetValue(fullPath, out var holder) && ReferenceEquals(holder.Lease, lease) && lease.IsHeld;
        }
    }

    /// <summary>Whether anyone holds the file's leadership.</summary>
    public static bool IsTaken(string fullPath)
    {
        lock (Gate)
        {
            return Holders.TryGetValue(fullPath, out var holder) && holder.Lease.IsHeld;
        }
    }

    /// <summary>Releases the file's leadership if <paramref name="lease"/> holds it.</summary>
    public static void Release(string fullPath, SqliteLeaderLease lease)
    {
        lock (Gate)
        {
            if (Holders.TryGetValue(fullPath, out var holder) && ReferenceEquals(holder.Lease, lease))
            {
                holder.Lock.Dispose();
                Holders.Remove(fullPath);
            }
        }
    }
}
