namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Advisory-lock keys (two-int form: a PoseCluster namespace, then the purpose). Advisory locks are per database.</summary>
internal static class PostgresLocks
{
    /// <summary>"PSC1" as an int: the namespace of every PoseCluster advisory lock.</summary>
    public const int Namespace = 0x50534331;

    /// <summary>Transaction lock serialising schema migrations.</summary>
    public const int Migration = 1;

    /// <summary>Session lock held by the placement leader.</summary>
    public const int Leader = 2;

    /// <summary>Counts this session's granted leader lock (two-int advisory locks have objsubid 2).</summary>
    public const string HoldsLeaderLockSql =
        "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() "
        + "and classid = 1347633969 and objid = 2 and objsubid = 2 and granted";

    /// <summary>Whether any session of this database holds the leader lock.</summary>
    public const string LeaderLockTakenSql =
        "exists (select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) "
        + "and classid = 1347633969 and objid = 2 and objsubid = 2 and granted)";
}
