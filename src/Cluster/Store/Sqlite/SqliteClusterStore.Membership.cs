using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Silo rows, heartbeats and leadership records.</summary>
internal sealed partial class SqliteClusterStore
{
    private const string Now = SqliteSchemaMigrator.NowMs;

    public async Task<SiloInfo> RegisterSiloAsync(SiloRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var id = Guid.CreateVersion7();
        try
        {
            var silo = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using (var retire = Command(
                        connection,
                        tx,
                        $"update cluster_silos set status = 'dead', ended_at = {Now}, end_reason = 'replaced by a new incarnation after missing heartbeats' "
                        + $"where name = @n and status in ('active', 'leaving') and {Now} - heartbeat_at > death_window_ms"))
                    {
                        retire.With("@n", registration.Name).ExecuteNonQuery();
                    }

                    using (var insert = Command(
                        connection,
                        tx,
                        "insert into cluster_silos (id, name, node_class, device, models, capacity, address, status, heartbeat_interval_ms, death_window_ms, started_at, heartbeat_at) "
                        + $"values (@id, @n, @c, @d, @m, @cap, @a, 'active', @hb, @dw, {Now}, {Now})"))
                    {
                        insert.With("@id", SqliteRows.Id(id)).With("@n", registration.Name).With("@c", WireNames.Of(registration.Class))
                            .With("@d", WireNames.Of(registration.Device)).With("@m", SqliteRows.Models(registration.Models))
                            .With("@cap", registration.Capacity).With("@a", registration.Address)
                            .With("@hb", (int)registration.HeartbeatInterval.TotalMilliseconds).With("@dw", (int)registration.DeathWindow.TotalMilliseconds)
                            .ExecuteNonQuery();
                    }

                    using var read = Command(connection, tx, $"select {SqliteRows.SiloColumns} from cluster_silos where id = @id").With("@id", SqliteRows.Id(id));
                    var row = SqliteRows.List(read, SqliteRows.Silo)[0];
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            Publish(new ClusterChange(ClusterChangeKind.Silo, SqliteRows.Id(id)));
            return silo;
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            var live = (await ListSilosAsync(false, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == registration.Name);
            var detail = live is null ? "" : $" (id {live.Id}, address '{live.Address}', last heartbeat {live.HeartbeatAge.TotalSeconds:0.0} s ago)";
            throw new ClusterException(
                ClusterErrorCode.NodeNameConflict,
                $"a live silo named '{registration.Name}' is already a member{detail}: stop it or choose another node name.");
        }
    }

    public Task<HeartbeatResult> HeartbeatAsync(Guid siloId, SiloLoadReport load, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var beat = Command(
                    connection,
                    null,
                    $"update cluster_silos set heartbeat_at = {Now}, active_grains = @g, load_units = @l where id = @id and status in ('active', 'leaving')");
                var updated = beat.With("@id", SqliteRows.Id(siloId)).With("@g", load.ActiveGrains).With("@l", load.WorkUnitsPerSecond).ExecuteNonQuery() == 1;
                using var read = Command(connection, null, "select status from cluster_silos where id = @id").With("@id", SqliteRows.Id(siloId));
                var status = read.ExecuteScalar() is string s ? WireNames.ParseSiloStatus(s) : SiloStatus.Dead;
                return new HeartbeatResult(updated, status);
            },
            cancellationToken);

    public async Task<bool> SetSiloStatusAsync(Guid siloId, SiloStatus status, CancellationToken cancellationToken)
    {
        if (status == SiloStatus.Dead)
        {
            throw new ArgumentException("Only the placement leader declares silos dead.", nameof(status));
        }

        var changed = await RunAsync(
            connection =>
            {
                using var update = Command(
                    connection,
                    null,
                    $"update cluster_silos set status = @s, ended_at = case when @s = 'left' then {Now} end, "
                    + "end_reason = case when @s = 'left' then 'left gracefully' end where id = @id and status in ('active', 'leaving')");
                return update.With("@id", SqliteRows.Id(siloId)).With("@s", WireNames.Of(status)).ExecuteNonQuery() == 1;
            },
            cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            Publish(new ClusterChange(ClusterChangeKind.Silo, SqliteRows.Id(siloId)));
        }

        return changed;
    }

    public Task<IReadOnlyList<SiloInfo>> ListSilosAsync(bool includeEnded, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SiloInfo>>(
            connection =>
            {
                using var list = Command(
                    connection,
                    null,
                    $"select {SqliteRows.SiloColumns} from cluster_silos " + (includeEnded ? "" : "where status in ('active', 'leaving') ") + "order by name, started_at");
                return SqliteRows.List(list, SqliteRows.Silo);
            },
            cancellationToken);

    public Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var read = Command(
                    connection,
                    null,
                    "select l.silo_id, coalesce(s.name, ''), l.term, l.acquired_at from cluster_leader l left join cluster_silos s on s.id = l.silo_id");
                return SqliteRows.List(
                    read,
                    r => new LeaderInfo(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetInt64(2), SqliteRows.Time(r.GetInt64(3)), SqliteLeaderRegistry.IsTaken(FullPath)))
                    .FirstOrDefault();
            },
            cancellationToken);

    public ILeaderElection CreateLeaderElection(Guid siloId) => new SqliteLeaderElection(this, siloId);

    /// <summary>Whether a silo is an active member.</summary>
    internal Task<bool> IsActiveMemberAsync(Guid siloId, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var read = Command(connection, null, "select count(*) from cluster_silos where id = @id and status = 'active'").With("@id", SqliteRows.Id(siloId));
                return (long)read.ExecuteScalar()! == 1;
            },
            cancellationToken);

    /// <summary>Records a new leadership term; returns it and its start (Unix ms).</summary>
    internal async Task<(long Term, long AcquiredAtMs)> RecordLeaderAsync(Guid siloId, CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                var term = NextEpoch(connection, tx);
                using var record = Command(
                    connection,
                    tx,
                    $"insert into cluster_leader (id, silo_id, term, acquired_at) values (1, @id, @t, {Now}) "
                    + "on conflict (id) do update set silo_id = excluded.silo_id, term = excluded.term, acquired_at = excluded.acquired_at; "
                    + "select acquired_at from cluster_leader where id = 1");
                var at = (long)record.With("@id", SqliteRows.Id(siloId)).With("@t", term).ExecuteScalar()!;
                tx.Commit();
                return (term, at);
            },
            cancellationToken).ConfigureAwait(false);
        Publish(new ClusterChange(ClusterChangeKind.Leader, SqliteRows.Id(siloId)));
        return result;
    }

    /// <summary>Declares expired members dead (leader only).</summary>
    internal async Task<IReadOnlyList<string>> MarkExpiredAsync(SqliteLeaderLease lease, long sinceMs, CancellationToken cancellationToken)
    {
        var dead = await RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                lease.EnsureHeld();
                const string expired = $"status in ('active', 'leaving') and {Now} - max(heartbeat_at, @since) > death_window_ms";
                using var select = Command(connection, tx, $"select id, name from cluster_silos where {expired}").With("@since", sinceMs);
                var rows = SqliteRows.List(select, r => (Id: r.GetString(0), Name: r.GetString(1)));
                using var update = Command(
                    connection,
                    tx,
                    $"update cluster_silos set status = 'dead', ended_at = {Now}, end_reason = 'no heartbeat for ' || round(({Now} - heartbeat_at) / 1000.0, 1) || ' s' where {expired}");
                update.With("@since", sinceMs).ExecuteNonQuery();
                tx.Commit();
                return rows;
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var (id, _) in dead)
        {
            Publish(new ClusterChange(ClusterChangeKind.Silo, id));
        }

        return dead.Select(d => d.Name).ToList();
    }

    private static long NextEpoch(SqliteConnection connection, SqliteTransaction tx)
    {
        using var next = Command(connection, tx, "update cluster_sequences set value = value + 1 where name = 'epoch'; select value from cluster_sequences where name = 'epoch'");
        return (long)next.ExecuteScalar()!;
    }
}
