using Npgsql;
using NpgsqlTypes;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Calibrations, floor zones, site history and webhooks.</summary>
internal sealed partial class PostgresClusterStore
{
    /// <summary>The purpose label webhook secrets are encrypted under.</summary>
    private const string WebhookSecretPurpose = "webhook";

    public async Task<CameraCalibration> SetCalibrationAsync(Guid cameraId, CalibrationDefinition calibration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        calibration.Validate();
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using var write = new NpgsqlCommand(
                        "insert into cluster_calibrations (camera_id, points, image_to_floor, error) values (@cam, @p::jsonb, @h::jsonb, @e) "
                        + "on conflict (camera_id) do update set points = excluded.points, image_to_floor = excluded.image_to_floor, "
                        + "error = excluded.error, updated_at = now() returning " + PostgresRows.CalibrationColumns,
                        connection,
                        tx);
                    write.Parameters.AddWithValue("cam", cameraId);
                    write.Parameters.AddWithValue("p", CalibrationJson.WritePoints(calibration.Points));
                    write.Parameters.AddWithValue("h", CalibrationJson.WriteMatrix(calibration.ImageToFloor));
                    write.Parameters.AddWithValue("e", calibration.ReprojectionErrorMeters);
                    var record = (await PostgresRows.ListAsync(write, PostgresRows.Calibration, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                        ?? throw new InvalidOperationException("upsert returned no row");
                    await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Calibration, cameraId.ToString("D")), cancellationToken).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return record;
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
        }
    }

    public Task<CameraCalibration?> GetCalibrationAsync(Guid cameraId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.CalibrationColumns} from cluster_calibrations where camera_id = @cam", connection);
                read.Parameters.AddWithValue("cam", cameraId);
                return (await PostgresRows.ListAsync(read, PostgresRows.Calibration, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<CameraCalibration>> ListCalibrationsAsync(Guid? siteId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<CameraCalibration>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.CalibrationColumns} from cluster_calibrations "
                    + "where @site::uuid is null or camera_id in (select id from cluster_cameras where site_id = @site) order by camera_id",
                    connection);
                read.Parameters.AddNullable("site", siteId, NpgsqlDbType.Uuid);
                return await PostgresRows.ListAsync(read, PostgresRows.Calibration, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteCalibrationAsync(Guid cameraId, CancellationToken cancellationToken) =>
        DeleteAsync("delete from cluster_calibrations where camera_id = @id", cameraId, ClusterChangeKind.Calibration, cancellationToken);

    public async Task<SiteZoneRecord> AddSiteZoneAsync(Guid siteId, SiteZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteSiteZoneAsync(
            "insert into cluster_site_zones (id, site_id, name, polygon, restricted, loitering_s) values (@id, @site, @n, @poly::jsonb, @r, @l) returning "
            + PostgresRows.SiteZoneColumns,
            Guid.CreateVersion7(),
            siteId,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert returned no row");
    }

    public async Task<SiteZoneRecord> UpdateSiteZoneAsync(Guid zoneId, SiteZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteSiteZoneAsync(
            "update cluster_site_zones set name = @n, polygon = @poly::jsonb, restricted = @r, loitering_s = @l, updated_at = now() where id = @id returning "
            + PostgresRows.SiteZoneColumns,
            zoneId,
            null,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site zone {zoneId}.");
    }

    public Task<SiteZoneRecord?> GetSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.SiteZoneColumns} from cluster_site_zones where id = @id", connection);
                read.Parameters.AddWithValue("id", zoneId);
                return (await PostgresRows.ListAsync(read, PostgresRows.SiteZone, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<SiteZoneRecord>> ListSiteZonesAsync(Guid? siteId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SiteZoneRecord>>(
            async connection =>
            {
                // Names ordered bytewise ("C"), as SQLite does, so both providers list alike whatever the database's collation.
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.SiteZoneColumns} from cluster_site_zones where @site::uuid is null or site_id = @site order by site_id, name collate \"C\"",
                    connection);
                read.Parameters.AddNullable("site", siteId, NpgsqlDbType.Uuid);
                return await PostgresRows.ListAsync(read, PostgresRows.SiteZone, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var delete = new NpgsqlCommand("delete from cluster_site_zones where id = @id returning site_id", connection, tx);
                delete.Parameters.AddWithValue("id", zoneId);
                var site = await delete.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (site is Guid siteId)
                {
                    await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.SiteZone, siteId.ToString("D")), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return site is Guid;
            },
            idempotent: false,
            cancellationToken);

    public async Task<int> AppendSiteEventsAsync(Guid siloId, long epoch, IReadOnlyList<SiteEventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        SiteHistoryRules.ValidateEvents(events);
        if (events.Count == 0)
        {
            return 0;
        }

        // As AppendActivityAsync: the assignment rows are read FOR SHARE (re-checked after a concurrent reassignment
        // commits), so no event is stored under an epoch that was already superseded. Joining the sites skips a
        // deleted site, whose history is gone with it.
        const string sql = """
            with rows as (
                select * from unnest(@id, @site, @ts, @kind, @gid, @cam, @zone, @details)
                    as r(id, site_id, ts, kind, global_id, camera_id, zone, details)),
            cur as (
                select grain_key from cluster_assignments
                where grain_type = 'site' and grain_key = any(@keys) and silo_id = @silo and epoch = @epoch
                for share),
            fenced as (
                select rows.* from rows join cur on cur.grain_key = rows.site_id::text join cluster_sites s on s.id = rows.site_id),
            ins as (
                insert into cluster_site_events (id, site_id, ts, kind, global_id, camera_id, zone, details)
                select * from fenced
                on conflict (id) do nothing
                returning 1)
            select count(*) from ins
            """;
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var insert = new NpgsqlCommand(sql, connection);
                    insert.Parameters.AddNullable("id", events.Select(e => e.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                    insert.Parameters.AddNullable("site", events.Select(e => e.SiteId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                    insert.Parameters.AddNullable("ts", events.Select(e => e.Time.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
                    insert.Parameters.AddNullable("kind", events.Select(e => e.Kind).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    insert.Parameters.AddNullable("gid", events.Select(e => e.GlobalId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    insert.Parameters.AddNullable("cam", events.Select(e => e.CameraId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                    insert.Parameters.AddNullable("zone", events.Select(e => e.Zone).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    insert.Parameters.AddNullable("details", events.Select(e => e.Details).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    insert.Parameters.AddNullable("keys", events.Select(e => e.SiteId.ToString("D")).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    insert.Parameters.AddWithValue("silo", siloId);
                    insert.Parameters.AddWithValue("epoch", epoch);
                    return Convert.ToInt32(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                },
                idempotent: true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The site was deleted between the join and the insert: nothing of it is kept.
            return 0;
        }
    }

    public Task<IReadOnlyList<SiteEventRecord>> ListSiteEventsAsync(SiteEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<SiteEventRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.SiteEventColumns} from cluster_site_events where site_id = @site and ts >= @f and ts < @t "
                    + "and (cardinality(@kinds) = 0 or kind = any(@kinds)) order by ts desc, id desc limit @l",
                    connection);
                read.Parameters.AddWithValue("site", query.SiteId);
                read.Parameters.AddWithValue("f", query.From.ToUniversalTime());
                read.Parameters.AddWithValue("t", query.To.ToUniversalTime());
                read.Parameters.AddNullable("kinds", query.Kinds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                read.Parameters.AddWithValue("l", query.Limit);
                return await PostgresRows.ListAsync(read, PostgresRows.SiteEvent, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);
    }

    public async Task<int> AppendSiteActivityAsync(IReadOnlyList<SiteActivitySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        SiteHistoryRules.ValidateActivity(samples);
        if (samples.Count == 0)
        {
            return 0;
        }

        // Fenced per row by its own silo and epoch, like AppendActivityAsync.
        const string sql = """
            with rows as (
                select * from unnest(@site, @zone, @ts, @silo, @epoch, @pavg, @pmax, @ent, @ex, @dwell)
                    as r(site_id, zone, ts, silo_id, epoch, persons_avg, persons_max, entries, exits, dwell_avg)),
            cur as (
                select grain_key, silo_id, epoch from cluster_assignments
                where grain_type = 'site' and grain_key = any(@keys)
                for share),
            fenced as (
                select rows.* from rows
                join cur on cur.grain_key = rows.site_id::text and cur.silo_id = rows.silo_id and cur.epoch = rows.epoch
                join cluster_sites s on s.id = rows.site_id),
            ins as (
                insert into cluster_site_activity (site_id, zone, ts, silo_id, epoch, persons_avg, persons_max, entries, exits, dwell_avg)
                select * from fenced
                on conflict (site_id, zone, ts) do nothing
                returning 1)
            select count(*) from ins
            """;
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var insert = new NpgsqlCommand(sql, connection);
                    insert.Parameters.AddNullable("site", samples.Select(s => s.SiteId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                    insert.Parameters.AddNullable("zone", samples.Select(s => s.Zone).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    insert.Parameters.AddNullable("ts", samples.Select(s => s.Timestamp.ToUniversalTime()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
                    insert.Parameters.AddNullable("silo", samples.Select(s => s.SiloId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
                    insert.Parameters.AddNullable("epoch", samples.Select(s => s.Epoch).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
                    insert.Parameters.AddNullable("pavg", samples.Select(s => s.PersonsAvg).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real);
                    insert.Parameters.AddNullable("pmax", samples.Select(s => s.PersonsMax).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    insert.Parameters.AddNullable("ent", samples.Select(s => s.Entries).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    insert.Parameters.AddNullable("ex", samples.Select(s => s.Exits).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
                    insert.Parameters.AddNullable("dwell", samples.Select(s => s.DwellSecondsAvg).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Real);
                    insert.Parameters.AddNullable("keys", samples.Select(s => s.SiteId.ToString("D")).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    return Convert.ToInt32(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                },
                idempotent: true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A site was deleted between the join and the insert: nothing of it is kept.
            return 0;
        }
    }

    public Task<IReadOnlyList<SiteActivityBucket>> QuerySiteActivityAsync(SiteActivityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<SiteActivityBucket>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    "select zone, to_timestamp(floor(extract(epoch from ts)::float8 / @b) * @b) as bucket, count(*)::int, avg(persons_avg)::float8, "
                    + "max(persons_max), sum(entries)::int8, sum(exits)::int8, "
                    + "case when sum(exits) > 0 then sum(dwell_avg::float8 * exits) / sum(exits) else 0 end::float8 "
                    + "from cluster_site_activity where site_id = @site and ts >= @f and ts < @t and (@z::text is null or zone = @z) "
                    + "group by zone, bucket order by bucket, zone collate \"C\"",
                    connection);
                read.Parameters.AddWithValue("b", query.Bucket.TotalSeconds);
                read.Parameters.AddWithValue("site", query.SiteId);
                read.Parameters.AddWithValue("f", query.From.ToUniversalTime());
                read.Parameters.AddWithValue("t", query.To.ToUniversalTime());
                read.Parameters.AddNullable("z", query.Zone, NpgsqlDbType.Text);
                return await PostgresRows.ListAsync(
                    read,
                    r => new SiteActivityBucket(
                        r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetInt32(2), r.GetDouble(3), r.GetInt32(4), r.GetInt64(5), r.GetInt64(6), r.GetDouble(7)),
                    cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);
    }

    public async Task<WebhookRecord> AddWebhookAsync(WebhookDefinition webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        webhook.Validate();
        return await WriteWebhookAsync(
            "insert into cluster_webhooks (id, name, url, site_id, event_kinds, secret_encrypted) values (@id, @n, @u, @site, @k, @sec) returning "
            + PostgresRows.WebhookColumns,
            Guid.CreateVersion7(),
            webhook,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert returned no row");
    }

    public async Task<WebhookRecord> UpdateWebhookAsync(Guid webhookId, WebhookDefinition webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        webhook.Validate();
        return await WriteWebhookAsync(
            "update cluster_webhooks set name = @n, url = @u, site_id = @site, event_kinds = @k, "
            + "secret_encrypted = case when @keep then secret_encrypted else @sec end, updated_at = now() where id = @id returning " + PostgresRows.WebhookColumns,
            webhookId,
            webhook,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no webhook {webhookId}.");
    }

    public Task<WebhookRecord?> GetWebhookAsync(Guid webhookId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.WebhookColumns} from cluster_webhooks where id = @id", connection);
                read.Parameters.AddWithValue("id", webhookId);
                return (await PostgresRows.ListAsync(read, PostgresRows.Webhook, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<WebhookRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.WebhookColumns} from cluster_webhooks order by name collate \"C\", id", connection);
                return await PostgresRows.ListAsync(read, PostgresRows.Webhook, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken) =>
        DeleteAsync("delete from cluster_webhooks where id = @id", webhookId, ClusterChangeKind.Webhook, cancellationToken);

    public Task<string?> GetWebhookSecretAsync(Guid webhookId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand("select secret_encrypted from cluster_webhooks where id = @id", connection);
                read.Parameters.AddWithValue("id", webhookId);
                var blob = (await PostgresRows.ListAsync(read, r => r.IsDBNull(0) ? null : r.GetFieldValue<byte[]>(0), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                return blob is null ? null : _protector.UnprotectSecret(blob, WebhookSecretPurpose, webhookId);
            },
            idempotent: true,
            cancellationToken);

    public Task RecordWebhookDeliveryAsync(Guid webhookId, bool delivered, bool gaveUp, string status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);

        // No notification: this runs per delivery, and counters are not configuration anyone reacts to.
        return RunAsync(
            async connection =>
            {
                await using var update = new NpgsqlCommand(
                    "update cluster_webhooks set delivered = delivered + @d, failed = failed + @g, last_status = @st, last_attempt_at = @at where id = @id", connection);
                update.Parameters.AddWithValue("d", delivered ? 1L : 0L);
                update.Parameters.AddWithValue("g", gaveUp ? 1L : 0L);
                update.Parameters.AddWithValue("st", status);
                update.Parameters.AddWithValue("at", at.ToUniversalTime());
                update.Parameters.AddWithValue("id", webhookId);
                return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            idempotent: false,
            cancellationToken);
    }

    private async Task<SiteZoneRecord?> WriteSiteZoneAsync(string sql, Guid id, Guid? siteId, SiteZoneDefinition zone, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using var write = new NpgsqlCommand(sql, connection, tx);
                    write.Parameters.AddWithValue("id", id);
                    write.Parameters.AddNullable("site", siteId, NpgsqlDbType.Uuid);
                    write.Parameters.AddWithValue("n", zone.Name);
                    write.Parameters.AddWithValue("poly", ZonePolygonJson.Write(zone.Polygon));
                    write.Parameters.AddWithValue("r", zone.Restricted);
                    write.Parameters.AddNullable("l", zone.LoiteringSeconds, NpgsqlDbType.Double);
                    var record = (await PostgresRows.ListAsync(write, PostgresRows.SiteZone, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                    if (record is not null)
                    {
                        await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.SiteZone, record.SiteId.ToString("D")), cancellationToken).ConfigureAwait(false);
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return record;
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"The site already has a zone named '{zone.Name}'.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {siteId}.");
        }
    }

    private async Task<WebhookRecord?> WriteWebhookAsync(string sql, Guid id, WebhookDefinition webhook, CancellationToken cancellationToken)
    {
        var encrypted = webhook.Secret is { } secret ? _protector.ProtectSecret(secret, WebhookSecretPurpose, id) : null;
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using var write = new NpgsqlCommand(sql, connection, tx);
                    write.Parameters.AddWithValue("id", id);
                    write.Parameters.AddWithValue("n", webhook.Name);
                    write.Parameters.AddWithValue("u", webhook.Url);
                    write.Parameters.AddNullable("site", webhook.SiteId, NpgsqlDbType.Uuid);
                    write.Parameters.AddNullable("k", webhook.EventKinds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                    write.Parameters.AddNullable("sec", encrypted, NpgsqlDbType.Bytea);
                    write.Parameters.AddWithValue("keep", encrypted is null);
                    var record = (await PostgresRows.ListAsync(write, PostgresRows.Webhook, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                    if (record is not null)
                    {
                        await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Webhook, id.ToString("D")), cancellationToken).ConfigureAwait(false);
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return record;
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {webhook.SiteId}.");
        }
    }
}
