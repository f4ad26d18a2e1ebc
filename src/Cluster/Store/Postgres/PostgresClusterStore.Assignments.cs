using System.Data;
using Npgsql;
using NpgsqlTypes;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Placement;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Assignment reads, snapshots and the fenced activity history.</summary>
internal sealed partial class PostgresClusterStore
{
    public Task<IReadOnlyList<GrainAssignment>> ListAssignmentsAsync(Guid? siloId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<GrainAssignment>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.AssignmentColumns} from cluster_assignments where @silo::uuid is null or silo_id = @silo order by grain_type, grain_key",
                    connection);
                read.Parameters.AddNullable("silo", siloId, NpgsqlDbType.Uuid);
                return await PostgresRows.ListAsync(read, PostgresRows.Assignment, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<ClusterSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken) =>
        RunAsync(connection => ReadSnapshotAsync(connection, cancellationToken), idempotent: true, cancellationToken);

    /// <summary>Reads a consistent snapshot on a given connection (the leader's, or a pooled one).</summary>
    internal static async Task<ClusterSnapshot> ReadSnapshotAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var silos = new NpgsqlCommand($"select {PostgresRows.SiloColumns} from cluster_silos where status in ('active', 'leaving') order by id", connection, tx);
        var s = await PostgresRows.ListAsync(silos, PostgresRows.Silo, cancellationToken).ConfigureAwait(false);
        await using var cameras = new NpgsqlCommand($"select {PostgresRows.CameraColumns} from cluster_cameras order by id", connection, tx);
        var c = await PostgresRows.ListAsync(cameras, PostgresRows.Camera, cancellationToken).ConfigureAwait(false);
        await using var sites = new NpgsqlCommand($"select {PostgresRows.SiteColumns} from cluster_sites order by id", connection, tx);
        var t = await PostgresRows.ListAsync(sites, PostgresRows.Site, cancellationToken).ConfigureAwait(false);
        await using var assignments = new NpgsqlCommand($"select {PostgresRows.AssignmentColumns} from cluster_assignments order by grain_type, grain_key", connection, tx);
        var a = await PostgresRows.ListAsync(assignments, PostgresRows.Assignment, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterSnapshot(s, c, t, a);
    }

    public async Task<ActivityAppendResult> AppendActivityAsync(IReadOnlyList<ActivitySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return default;
        }

        // The assignment rows are read FOR SHARE: a concurrent reassignment either waits for this insert to commit
        // or, if it committed first, is seen (re-checked) here and the rows are refused. Either way no accepted row
        // carries an epoch that was already superseded when it was written.
        const string sql = """
            with rows as (
                select * from unnest(@cam, @ts, @silo, @epoch, @frames, @pavg, @pmax, @fin, @fout, @drops)
                    as r(camera_id, ts, silo_id, epoch, frames, persons_avg, persons_max, fps_in, fps_out, drops)),
            cur as (
                select grain_key, silo_id, epoch from cluster_assignments
                where grain_type = 'camera' and grain_key = any(@keys)
                for share),
            fenced as (
                select rows.* from rows join cur on cur.grain_key = rows.camera_id::text and cur.silo_id = rows.silo_id and cur.epoch = rows.epoch),
            ins as (
                insert into cluster_activity (camera_id, ts, silo_id, epoch, frames, persons_avg, persons_max, fps_in, fps_out, drops)
                select * from fenced
                on conflict (camera_id, ts) do nothing
                returning 1)
            select (select count(*) from ins), (select count(*) from fenced)
            """;
        return await RunAsync(
            async connection =>
            {
                await using var insert = new NpgsqlCommand(sql, connection);
                insert.Parameters.AddNullable("cam", samples.Select(s => s.CameraId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                insert.Parameters.AddNullable("ts", samples.Select(s => s.Timestamp.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
                insert.Parameters.AddNullable("silo", samples.Select(s => s.SiloId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                insert.Parameters.AddNullable("epoch", samples.Select(s => s.Epoch).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                insert.Parameters.AddNullable("frames", samples.Select(s => s.Frames).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                insert.Parameters.AddNullable("pavg", samples.Select(s => s.PersonsAvg).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real);
                insert.Parameters.AddNullable("pmax", samples.Select(s => s.PersonsMax).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                insert.Parameters.AddNullable("fin", samples.Select(s => s.FpsIn).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real);
                insert.Parameters.AddNullable("fout", samples.Select(s => s.FpsOut).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real);
                insert.Parameters.AddNullable("drops", samples.Select(s => s.Drops).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                insert.Parameters.AddNullable("keys", samples.Select(s => s.CameraId.ToString("D")).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var accepted = (int)reader.GetInt64(0);
                var current = (int)reader.GetInt64(1);
                return new ActivityAppendResult(accepted, samples.Count - current, current - accepted);
            },
            idempotent: true,
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<ActivitySample>> ListActivityAsync(Guid cameraId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ActivitySample>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.ActivityColumns} from cluster_activity where camera_id = @c and ts >= @f and ts < @t order by ts", connection);
                read.Parameters.AddWithValue("c", cameraId);
                read.Parameters.AddWithValue("f", from.ToUniversalTime());
                read.Parameters.AddWithValue("t", to.ToUniversalTime());
                return await PostgresRows.ListAsync(read, PostgresRows.ActivityRow, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<ActivityBucket>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<ActivityBucket>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    "select camera_id, to_timestamp(floor(extract(epoch from ts)::float8 / @b) * @b) as bucket, count(*)::int, sum(frames)::int8, "
                    + "case when sum(frames) > 0 then sum(persons_avg * frames)::float8 / sum(frames) else avg(persons_avg)::float8 end, "
                    + "max(persons_max), avg(fps_in)::float8, avg(fps_out)::float8, sum(drops)::int8 "
                    + "from cluster_activity where ts >= @f and ts < @t and (cardinality(@ids) = 0 or camera_id = any(@ids)) "
                    + "group by camera_id, bucket order by bucket, camera_id",
                    connection);
                read.Parameters.AddWithValue("b", query.Bucket.TotalSeconds);
                read.Parameters.AddWithValue("f", query.From.ToUniversalTime());
                read.Parameters.AddWithValue("t", query.To.ToUniversalTime());
                read.Parameters.Add(new NpgsqlParameter("ids", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid) { Value = query.CameraIds.Distinct().ToArray() });
                return await PostgresRows.ListAsync(
                    read,
                    r => new ActivityBucket(
                        r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetInt32(2), r.GetInt64(3), r.GetDouble(4),
                        r.GetInt32(5), r.GetDouble(6), r.GetDouble(7), r.GetInt64(8)),
                    cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);
    }
}
