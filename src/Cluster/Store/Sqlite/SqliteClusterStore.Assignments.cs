using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Placement;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Assignments, plan writes and the fenced activity history.</summary>
internal sealed partial class SqliteClusterStore
{
    public Task<IReadOnlyList<GrainAssignment>> ListAssignmentsAsync(Guid? siloId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<GrainAssignment>>(
            connection =>
            {
                using var read = Command(
                    connection, null, $"select {SqliteRows.AssignmentColumns} from cluster_assignments where @silo is null or silo_id = @silo order by grain_type, grain_key")
                    .With("@silo", siloId is { } s ? SqliteRows.Id(s) : null);
                return SqliteRows.List(read, SqliteRows.Assignment);
            },
            cancellationToken);

    public Task<ClusterSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                // A deferred transaction gives one read snapshot (WAL) without taking the write lock.
                using var tx = connection.BeginTransaction(deferred: true);
                using var silos = Command(connection, tx, $"select {SqliteRows.SiloColumns} from cluster_silos where status in ('active', 'leaving') order by id");
                var s = SqliteRows.List(silos, SqliteRows.Silo);
                using var cameras = Command(connection, tx, $"select {SqliteRows.CameraColumns} from cluster_cameras order by id");
                var c = SqliteRows.List(cameras, SqliteRows.Camera);
                using var sites = Command(connection, tx, $"select {SqliteRows.SiteColumns} from cluster_sites order by id");
                var t = SqliteRows.List(sites, SqliteRows.Site);
                using var assignments = Command(connection, tx, $"select {SqliteRows.AssignmentColumns} from cluster_assignments order by grain_type, grain_key");
                var a = SqliteRows.List(assignments, SqliteRows.Assignment);
                tx.Commit();
                return new ClusterSnapshot(s, c, t, a);
            },
            cancellationToken);

    public Task<ActivityAppendResult> AppendActivityAsync(IReadOnlyList<ActivitySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return Task.FromResult(default(ActivityAppendResult));
        }

        return RunAsync(
            connection =>
            {
                // BEGIN IMMEDIATE holds the write lock, so no reassignment can commit between check and insert.
                using var tx = connection.BeginTransaction();
                using var current = Command(connection, tx, "select silo_id, epoch from cluster_assignments where grain_type = 'camera' and grain_key = @k");
                using var insert = Command(
                    connection,
                    tx,
                    "insert or ignore into cluster_activity (camera_id, ts, silo_id, epoch, frames, persons_avg, persons_max, fps_in, fps_out, drops) "
                    + "values (@c, @ts, @s, @e, @f, @pa, @pm, @fi, @fo, @d)");
                int accepted = 0, refused = 0, duplicates = 0;
                foreach (var sample in samples)
                {
                    current.Parameters.Clear();
                    current.With("@k", SqliteRows.Id(sample.CameraId));
                    var holder = SqliteRows.List(current, r => (Silo: r.IsDBNull(0) ? null : r.GetString(0), Epoch: r.GetInt64(1))).FirstOrDefault();
                    if (holder.Silo != SqliteRows.Id(sample.SiloId) || holder.Epoch != sample.Epoch)
                    {
                        refused++;
                        continue;
                    }

                    insert.Parameters.Clear();
                    insert.With("@c", SqliteRows.Id(sample.CameraId)).With("@ts", sample.Timestamp.ToUnixTimeMilliseconds()).With("@s", SqliteRows.Id(sample.SiloId))
                        .With("@e", sample.Epoch).With("@f", sample.Frames).With("@pa", sample.PersonsAvg).With("@pm", sample.PersonsMax)
                        .With("@fi", sample.FpsIn).With("@fo", sample.FpsOut).With("@d", sample.Drops);
                    if (insert.ExecuteNonQuery() == 1)
                    {
                        accepted++;
                    }
                    else
                    {
                        duplicates++;
                    }
                }

                tx.Commit();
                return new ActivityAppendResult(accepted, refused, duplicates);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ActivitySample>> ListActivityAsync(Guid cameraId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ActivitySample>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.ActivityColumns} from cluster_activity where camera_id = @c and ts >= @f and ts < @t order by ts")
                    .With("@c", SqliteRows.Id(cameraId)).With("@f", from.ToUnixTimeMilliseconds()).With("@t", to.ToUnixTimeMilliseconds());
                return SqliteRows.List(read, SqliteRows.ActivityRow);
            },
            cancellationToken);

    public Task<IReadOnlyList<ActivityBucket>> QueryActivityAsync(ActivityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<ActivityBucket>>(
            connection =>
            {
                var ids = query.CameraIds.Distinct().ToList();
                var filter = ids.Count == 0 ? "" : $" and camera_id in ({string.Join(", ", ids.Select((_, i) => "@c" + i))})";
                using var read = Command(
                    connection,
                    null,
                    "select camera_id, (ts / @b) * @b as bucket, count(*), sum(frames), "
                    + "case when sum(frames) > 0 then sum(persons_avg * frames) / sum(frames) else avg(persons_avg) end, "
                    + "max(persons_max), avg(fps_in), avg(fps_out), sum(drops) "
                    + $"from cluster_activity where ts >= @f and ts < @t{filter} group by camera_id, bucket order by bucket, camera_id")
                    .With("@b", (long)query.Bucket.TotalMilliseconds).With("@f", query.From.ToUnixTimeMilliseconds()).With("@t", query.To.ToUnixTimeMilliseconds());
                for (var i = 0; i < ids.Count; i++)
                {
                    read.With("@c" + i, SqliteRows.Id(ids[i]));
                }

                return SqliteRows.List(read, r => new ActivityBucket(
                    Guid.Parse(r.GetString(0)), SqliteRows.Time(r.GetInt64(1)), r.GetInt32(2), r.GetInt64(3), r.GetDouble(4),
                    r.GetInt32(5), r.GetDouble(6), r.GetDouble(7), r.GetInt64(8)));
            },
            cancellationToken);
    }

    /// <summary>Writes a plan atomically with compare-and-set on epochs (leader only).</summary>
    internal async Task<PlanWriteResult> ApplyPlanAsync(SqliteLeaderLease lease, PlacementPlan plan, CancellationToken cancellationToken)
    {
        if (plan.IsEmpty)
        {
            return new PlanWriteResult(true, 0, null);
        }

        var result = await RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                lease.EnsureHeld();
                foreach (var d in plan.Decisions)
                {
                    if (Apply(connection, tx, d) != 1)
                    {
                        tx.Rollback();
                        return new PlanWriteResult(false, 0, $"{d.Grain} or its target silo changed since the plan was made ({d.Action})");
                    }
                }

                tx.Commit();
                return new PlanWriteResult(true, plan.Decisions.Count, null);
            },
            cancellationToken).ConfigureAwait(false);
        if (result.Applied)
        {
            Publish(new ClusterChange(ClusterChangeKind.Assignments));
        }

        return result;
    }

    private static int Apply(SqliteConnection connection, SqliteTransaction tx, PlacementDecision d)
    {
        const string targetActive = "(@to is null or exists (select 1 from cluster_silos where id = @to and status = 'active'))";
        if (d.Action == PlacementAction.Remove)
        {
            using var delete = Command(connection, tx, "delete from cluster_assignments where grain_type = @t and grain_key = @k and epoch = @e")
                .With("@t", d.Grain.Type).With("@k", d.Grain.Key).With("@e", d.ExpectedEpoch ?? -1);
            return delete.ExecuteNonQuery();
        }

        var epoch = NextEpoch(connection, tx);
        var sql = d.ExpectedEpoch is null
            ? "insert into cluster_assignments (grain_type, grain_key, silo_id, epoch, assigned_at, unplaced_reason) "
              + $"select @t, @k, @to, @epoch, {Now}, @r where {targetActive} on conflict do nothing"
            : $"update cluster_assignments set silo_id = @to, epoch = @epoch, assigned_at = {Now}, unplaced_reason = @r "
              + $"where grain_type = @t and grain_key = @k and epoch = @e and {targetActive}";
        using var write = Command(connection, tx, sql)
            .With("@t", d.Grain.Type).With("@k", d.Grain.Key).With("@to", d.ToSilo is { } to ? SqliteRows.Id(to) : null)
            .With("@epoch", epoch).With("@r", d.UnplacedReason).With("@e", d.ExpectedEpoch);
        return write.ExecuteNonQuery();
    }
}
