using Npgsql;
using NpgsqlTypes;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Silo rows, heartbeats and leadership records.</summary>
internal sealed partial class PostgresClusterStore
{
    public async Task<SiloInfo> RegisterSiloAsync(SiloRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var id = Guid.CreateVersion7();
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

                    // A same-named row that stopped heartbeating a full window ago is a crashed predecessor: retire it.
                    await using (var retire = new NpgsqlCommand(
                        "update cluster_silos set status = 'dead', ended_at = now(), end_reason = 'replaced by a new incarnation after missing heartbeats' "
                        + "where name = @n and status in ('active', 'leaving') and now() - heartbeat_at > death_window_ms * interval '1 millisecond'",
                        connection,
                        tx))
                    {
                        retire.Parameters.AddWithValue("n", registration.Name);
                        await retire.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    SiloInfo silo;
                    await using (var insert = new NpgsqlCommand(
                        "insert into cluster_silos (id, name, node_class, device, models, capacity, address, status, heartbeat_interval_ms, death_window_ms) "
                        + "values (@id, @n, @c, @d, @m, @cap, @a, 'active', @hb, @dw) returning " + PostgresRows.SiloColumns,
                        connection,
                        tx))
                    {
                        insert.Parameters.AddWithValue("id", id);
                        insert.Parameters.AddWithValue("n", registration.Name);
                        insert.Parameters.AddWithValue("c", WireNames.Of(registration.Class));
                        insert.Parameters.AddWithValue("d", WireNames.Of(registration.Device));
                        insert.Parameters.AddWithValue("m", registration.Models.ToArray());
                        insert.Parameters.AddWithValue("cap", registration.Capacity);
                        insert.Parameters.AddWithValue("a", registration.Address);
                        insert.Parameters.AddWithValue("hb", (int)registration.HeartbeatInterval.TotalMilliseconds);
                        insert.Parameters.AddWithValue("dw", (int)registration.DeathWindow.TotalMilliseconds);
                        silo = (await PostgresRows.ListAsync(insert, PostgresRows.Silo, cancellationToken).ConfigureAwait(false))[0];
                    }

                    await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Silo, id.ToString("D")), cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return silo;
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw await NameConflictAsync(registration.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (PostgresConnectionErrors.IsConnectionLoss(e) && !cancellationToken.IsCancellationRequested)
        {
            throw PostgresConnectionErrors.Unreachable(_settings, e);
        }
    }

    public Task<HeartbeatResult> HeartbeatAsync(Guid siloId, SiloLoadReport load, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var beat = new NpgsqlCommand(
                    "update cluster_silos set heartbeat_at = now(), active_grains = @g, load_units = @l "
                    + "where id = @id and status in ('active', 'leaving') returning status; "
                    + "select status from cluster_silos where id = @id",
                    connection);
                beat.Parameters.AddWithValue("id", siloId);
                beat.Parameters.AddWithValue("g", load.ActiveGrains);
                beat.Parameters.AddWithValue("l", load.WorkUnitsPerSecond);
                await using var reader = await beat.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new HeartbeatResult(true, WireNames.ParseSiloStatus(reader.GetString(0)));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var status = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? WireNames.ParseSiloStatus(reader.GetString(0)) : SiloStatus.Dead;
                return new HeartbeatResult(false, status);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> SetSiloStatusAsync(Guid siloId, SiloStatus status, CancellationToken cancellationToken)
    {
        if (status == SiloStatus.Dead)
        {
            throw new ArgumentException("Only the placement leader declares silos dead.", nameof(status));
        }

        return RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var update = new NpgsqlCommand(
                    "update cluster_silos set status = @s, ended_at = case when @s = 'left' then now() end, "
                    + "end_reason = case when @s = 'left' then 'left gracefully' end "
                    + "where id = @id and status in ('active', 'leaving')",
                    connection,
                    tx);
                update.Parameters.AddWithValue("id", siloId);
                update.Parameters.AddWithValue("s", WireNames.Of(status));
                var changed = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                if (changed)
                {
                    await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Silo, siloId.ToString("D")), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return changed;
            },
            idempotent: true,
            cancellationToken);
    }

    public Task<IReadOnlyList<SiloInfo>> ListSilosAsync(bool includeEnded, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SiloInfo>>(
            async connection =>
            {
                await using var list = new NpgsqlCommand(
                    $"select {PostgresRows.SiloColumns} from cluster_silos "
                    + (includeEnded ? "" : "where status in ('active', 'leaving') ")
                    + "order by name, started_at",
                    connection);
                return await PostgresRows.ListAsync(list, PostgresRows.Silo, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<LeaderInfo?> GetLeaderAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select l.silo_id, coalesce(s.name, ''), l.term, l.acquired_at, {PostgresLocks.LeaderLockTakenSql} "
                    + "from cluster_leader l left join cluster_silos s on s.id = l.silo_id",
                    connection);
                var rows = await PostgresRows.ListAsync(
                    read,
                    r => new LeaderInfo(r.GetGuid(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3), r.GetBoolean(4)),
                    cancellationToken).ConfigureAwait(false);
                return rows.Count == 0 ? null : rows[0];
            },
            idempotent: true,
            cancellationToken);

    public ILeaderElection CreateLeaderElection(Guid siloId) => new PostgresLeaderElection(this, siloId);

    private async Task<ClusterException> NameConflictAsync(string name, CancellationToken cancellationToken)
    {
        var live = (await ListSilosAsync(includeEnded: false, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == name);
        var detail = live is null
            ? ""
            : $" (id {live.Id}, address '{live.Address}', last heartbeat {live.HeartbeatAge.TotalSeconds:0.0} s ago)";
        var window = live?.DeathWindow.TotalSeconds ?? 0;
        return new ClusterException(
            ClusterErrorCode.NodeNameConflict,
            $"a live silo named '{name}' is already a member{detail}: stop it or choose another node name"
            + (window > 0 ? $" (a silo that just crashed is declared dead {window:0.#} s after its last heartbeat)." : "."));
    }

    /// <summary>Declares expired members dead (leader connection and transaction).</summary>
    internal static async Task<IReadOnlyList<string>> MarkExpiredAsync(NpgsqlConnection connection, NpgsqlTransaction tx, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            "update cluster_silos set status = 'dead', ended_at = now(), "
            + "end_reason = 'no heartbeat for ' || round(extract(epoch from (now() - heartbeat_at))::numeric, 1) || ' s' "
            + "where status in ('active', 'leaving') and now() - greatest(heartbeat_at, @since) > death_window_ms * interval '1 millisecond' "
            + "returning id, name",
            connection,
            tx);
        update.Parameters.AddNullable("since", since, NpgsqlDbType.TimestampTz);
        var dead = await PostgresRows.ListAsync(update, r => (Id: r.GetGuid(0), Name: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        foreach (var (deadId, _) in dead)
        {
            await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Silo, deadId.ToString("D")), cancellationToken).ConfigureAwait(false);
        }

        return dead.Select(d => d.Name).ToList();
    }
}
