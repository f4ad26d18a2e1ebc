using System.Text.Json;
using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Calibrations, floor zones, site history and webhooks.</summary>
internal sealed partial class SqliteClusterStore
{
    /// <summary>The purpose label webhook secrets are encrypted under.</summary>
    private const string WebhookSecretPurpose = "webhook";

    public async Task<CameraCalibration> SetCalibrationAsync(Guid cameraId, CalibrationDefinition calibration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        calibration.Validate();
        try
        {
            var record = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using var write = Command(
                        connection,
                        tx,
                        $"insert into cluster_calibrations (camera_id, points, image_to_floor, error, updated_at) values (@cam, @p, @h, @e, {Now}) "
                        + "on conflict (camera_id) do update set points = excluded.points, image_to_floor = excluded.image_to_floor, "
                        + "error = excluded.error, updated_at = excluded.updated_at")
                        .With("@cam", SqliteRows.Id(cameraId)).With("@p", CalibrationJson.WritePoints(calibration.Points))
                        .With("@h", CalibrationJson.WriteMatrix(calibration.ImageToFloor)).With("@e", calibration.ReprojectionErrorMeters);
                    write.ExecuteNonQuery();
                    var row = ReadCalibration(connection, tx, cameraId) ?? throw new InvalidOperationException("upsert wrote no row");
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            Publish(new ClusterChange(ClusterChangeKind.Calibration, SqliteRows.Id(cameraId)));
            return record;
        }
        catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
        }
    }

    public Task<CameraCalibration?> GetCalibrationAsync(Guid cameraId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadCalibration(connection, null, cameraId), cancellationToken);

    public Task<IReadOnlyList<CameraCalibration>> ListCalibrationsAsync(Guid? siteId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<CameraCalibration>>(
            connection =>
            {
                using var read = Command(
                    connection,
                    null,
                    $"select {SqliteRows.CalibrationColumns} from cluster_calibrations "
                    + "where @site is null or camera_id in (select id from cluster_cameras where site_id = @site) order by camera_id")
                    .With("@site", siteId is { } s ? SqliteRows.Id(s) : null);
                return SqliteRows.List(read, SqliteRows.Calibration);
            },
            cancellationToken);

    public async Task<bool> DeleteCalibrationAsync(Guid cameraId, CancellationToken cancellationToken)
    {
        var deleted = await RunAsync(
            connection =>
            {
                using var delete = Command(connection, null, "delete from cluster_calibrations where camera_id = @cam").With("@cam", SqliteRows.Id(cameraId));
                return delete.ExecuteNonQuery() == 1;
            },
            cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            Publish(new ClusterChange(ClusterChangeKind.Calibration, SqliteRows.Id(cameraId)));
        }

        return deleted;
    }

    public async Task<SiteZoneRecord> AddSiteZoneAsync(Guid siteId, SiteZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteSiteZoneAsync(
            "insert into cluster_site_zones (id, site_id, name, polygon, restricted, loitering_s, created_at, updated_at) "
            + $"values (@id, @site, @n, @poly, @r, @l, {Now}, {Now})",
            Guid.CreateVersion7(),
            siteId,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert wrote no row");
    }

    public async Task<SiteZoneRecord> UpdateSiteZoneAsync(Guid zoneId, SiteZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteSiteZoneAsync(
            $"update cluster_site_zones set name = @n, polygon = @poly, restricted = @r, loitering_s = @l, updated_at = {Now} where id = @id",
            zoneId,
            null,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site zone {zoneId}.");
    }

    public Task<SiteZoneRecord?> GetSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadSiteZone(connection, null, zoneId), cancellationToken);

    public Task<IReadOnlyList<SiteZoneRecord>> ListSiteZonesAsync(Guid? siteId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<SiteZoneRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.SiteZoneColumns} from cluster_site_zones where @site is null or site_id = @site order by site_id, name")
                    .With("@site", siteId is { } s ? SqliteRows.Id(s) : null);
                return SqliteRows.List(read, SqliteRows.SiteZone);
            },
            cancellationToken);

    public async Task<bool> DeleteSiteZoneAsync(Guid zoneId, CancellationToken cancellationToken)
    {
        var siteId = await RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                var zone = ReadSiteZone(connection, tx, zoneId);
                if (zone is null)
                {
                    return (Guid?)null;
                }

                using var delete = Command(connection, tx, "delete from cluster_site_zones where id = @id").With("@id", SqliteRows.Id(zoneId));
                delete.ExecuteNonQuery();
                tx.Commit();
                return zone.SiteId;
            },
            cancellationToken).ConfigureAwait(false);
        if (siteId is { } site)
        {
            Publish(new ClusterChange(ClusterChangeKind.SiteZone, SqliteRows.Id(site)));
        }

        return siteId is not null;
    }

    public Task<int> AppendSiteEventsAsync(Guid siloId, long epoch, IReadOnlyList<SiteEventRecord> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        SiteHistoryRules.ValidateEvents(events);
        if (events.Count == 0)
        {
            return Task.FromResult(0);
        }

        return RunAsync(
            connection =>
            {
                // BEGIN IMMEDIATE holds the write lock, so no reassignment can commit between check and insert.
                using var tx = connection.BeginTransaction();
                using var current = SiteHolderCommand(connection, tx);
                using var insert = Command(
                    connection,
                    tx,
                    "insert or ignore into cluster_site_events (id, site_id, ts, kind, global_id, camera_id, zone, details) "
                    + "values (@id, @site, @ts, @k, @g, @cam, @z, @d)");
                var silo = SqliteRows.Id(siloId);
                var fenced = new Dictionary<Guid, bool>();
                var stored = 0;
                foreach (var e in events)
                {
                    if (!fenced.TryGetValue(e.SiteId, out var holds))
                    {
                        var holder = ReadSiteHolder(current, e.SiteId);
                        holds = holder.Silo == silo && holder.Epoch == epoch;
                        fenced.Add(e.SiteId, holds);
                    }

                    if (!holds)
                    {
                        continue;
                    }

                    insert.Parameters.Clear();
                    insert.With("@id", SqliteRows.Id(e.Id)).With("@site", SqliteRows.Id(e.SiteId)).With("@ts", e.Time.ToUnixTimeMilliseconds())
                        .With("@k", e.Kind).With("@g", e.GlobalId).With("@cam", e.CameraId is { } c ? SqliteRows.Id(c) : null)
                        .With("@z", e.Zone).With("@d", e.Details);
                    stored += insert.ExecuteNonQuery();
                }

                tx.Commit();
                return stored;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<SiteEventRecord>> ListSiteEventsAsync(SiteEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<SiteEventRecord>>(
            connection =>
            {
                using var read = Command(
                    connection,
                    null,
                    $"select {SqliteRows.SiteEventColumns} from cluster_site_events where site_id = @site and ts >= @f and ts < @t "
                    + "and (@nk = 0 or kind in (select value from json_each(@kinds))) order by ts desc, id desc limit @l")
                    .With("@site", SqliteRows.Id(query.SiteId)).With("@f", query.From.ToUnixTimeMilliseconds()).With("@t", query.To.ToUnixTimeMilliseconds())
                    .With("@nk", query.Kinds.Count).With("@kinds", JsonSerializer.Serialize(query.Kinds)).With("@l", query.Limit);
                return SqliteRows.List(read, SqliteRows.SiteEvent);
            },
            cancellationToken);
    }

    public Task<int> AppendSiteActivityAsync(IReadOnlyList<SiteActivitySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        SiteHistoryRules.ValidateActivity(samples);
        if (samples.Count == 0)
        {
            return Task.FromResult(0);
        }

        return RunAsync(
            connection =>
            {
                // As AppendSiteEventsAsync: the write lock is held from the fence check to the commit.
                using var tx = connection.BeginTransaction();
                using var current = SiteHolderCommand(connection, tx);
                using var insert = Command(
                    connection,
                    tx,
                    "insert or ignore into cluster_site_activity (site_id, zone, ts, silo_id, epoch, persons_avg, persons_max, entries, exits, dwell_avg) "
                    + "values (@site, @z, @ts, @s, @e, @pa, @pm, @en, @ex, @dw)");
                var stored = 0;
                foreach (var sample in samples)
                {
                    var holder = ReadSiteHolder(current, sample.SiteId);
                    if (holder.Silo != SqliteRows.Id(sample.SiloId) || holder.Epoch != sample.Epoch)
                    {
                        continue;
                    }

                    insert.Parameters.Clear();
                    insert.With("@site", SqliteRows.Id(sample.SiteId)).With("@z", sample.Zone).With("@ts", sample.Timestamp.ToUnixTimeMilliseconds())
                        .With("@s", SqliteRows.Id(sample.SiloId)).With("@e", sample.Epoch).With("@pa", sample.PersonsAvg).With("@pm", sample.PersonsMax)
                        .With("@en", sample.Entries).With("@ex", sample.Exits).With("@dw", sample.DwellSecondsAvg);
                    stored += insert.ExecuteNonQuery();
                }

                tx.Commit();
                return stored;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<SiteActivityBucket>> QuerySiteActivityAsync(SiteActivityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return RunAsync<IReadOnlyList<SiteActivityBucket>>(
            connection =>
            {
                using var read = Command(
                    connection,
                    null,
                    "select zone, (ts / @b) * @b as bucket, count(*), avg(persons_avg), max(persons_max), sum(entries), sum(exits), "
                    + "case when sum(exits) > 0 then sum(dwell_avg * exits) / sum(exits) else 0.0 end "
                    + "from cluster_site_activity where site_id = @site and ts >= @f and ts < @t and (@z is null or zone = @z) "
                    + "group by zone, bucket order by bucket, zone")
                    .With("@b", (long)query.Bucket.TotalMilliseconds).With("@site", SqliteRows.Id(query.SiteId))
                    .With("@f", query.From.ToUnixTimeMilliseconds()).With("@t", query.To.ToUnixTimeMilliseconds()).With("@z", query.Zone);
                return SqliteRows.List(read, r => new SiteActivityBucket(
                    r.GetString(0), SqliteRows.Time(r.GetInt64(1)), r.GetInt32(2), r.GetDouble(3), r.GetInt32(4), r.GetInt64(5), r.GetInt64(6), r.GetDouble(7)));
            },
            cancellationToken);
    }

    public async Task<WebhookRecord> AddWebhookAsync(WebhookDefinition webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        webhook.Validate();
        var id = Guid.CreateVersion7();
        return await WriteWebhookAsync(
            "insert into cluster_webhooks (id, name, url, site_id, event_kinds, secret_encrypted, created_at, updated_at) "
            + $"values (@id, @n, @u, @site, @k, @sec, {Now}, {Now})",
            id,
            webhook,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert wrote no row");
    }

    public async Task<WebhookRecord> UpdateWebhookAsync(Guid webhookId, WebhookDefinition webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        webhook.Validate();
        return await WriteWebhookAsync(
            "update cluster_webhooks set name = @n, url = @u, site_id = @site, event_kinds = @k, "
            + $"secret_encrypted = case when @keep then secret_encrypted else @sec end, updated_at = {Now} where id = @id",
            webhookId,
            webhook,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no webhook {webhookId}.");
    }

    public Task<WebhookRecord?> GetWebhookAsync(Guid webhookId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadWebhook(connection, null, webhookId), cancellationToken);

    public Task<IReadOnlyList<WebhookRecord>> ListWebhooksAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<WebhookRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.WebhookColumns} from cluster_webhooks order by name, id");
                return SqliteRows.List(read, SqliteRows.Webhook);
            },
            cancellationToken);

    public Task<bool> DeleteWebhookAsync(Guid webhookId, CancellationToken cancellationToken) =>
        DeleteAsync("delete from cluster_webhooks where id = @id", webhookId, ClusterChangeKind.Webhook, cancellationToken);

    public Task<string?> GetWebhookSecretAsync(Guid webhookId, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var read = Command(connection, null, "select secret_encrypted from cluster_webhooks where id = @id").With("@id", SqliteRows.Id(webhookId));
                var blob = SqliteRows.List(read, r => r.IsDBNull(0) ? null : (byte[])r.GetValue(0)).FirstOrDefault();
                return blob is null ? null : _protector.UnprotectSecret(blob, WebhookSecretPurpose, webhookId);
            },
            cancellationToken);

    public Task RecordWebhookDeliveryAsync(Guid webhookId, bool delivered, bool gaveUp, string status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);

        // No notification: this runs per delivery, and counters are not configuration anyone reacts to.
        return RunAsync(
            connection =>
            {
                using var update = Command(
                    connection,
                    null,
                    "update cluster_webhooks set delivered = delivered + @d, failed = failed + @g, last_status = @st, last_attempt_at = @at where id = @id")
                    .With("@d", delivered ? 1 : 0).With("@g", gaveUp ? 1 : 0).With("@st", status).With("@at", at.ToUnixTimeMilliseconds())
                    .With("@id", SqliteRows.Id(webhookId));
                return update.ExecuteNonQuery();
            },
            cancellationToken);
    }

    private static CameraCalibration? ReadCalibration(SqliteConnection connection, SqliteTransaction? tx, Guid cameraId)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.CalibrationColumns} from cluster_calibrations where camera_id = @cam").With("@cam", SqliteRows.Id(cameraId));
        return SqliteRows.List(read, SqliteRows.Calibration).FirstOrDefault();
    }

    private static SiteZoneRecord? ReadSiteZone(SqliteConnection connection, SqliteTransaction? tx, Guid id)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.SiteZoneColumns} from cluster_site_zones where id = @id").With("@id", SqliteRows.Id(id));
        return SqliteRows.List(read, SqliteRows.SiteZone).FirstOrDefault();
    }

    private static WebhookRecord? ReadWebhook(SqliteConnection connection, SqliteTransaction? tx, Guid id)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.WebhookColumns} from cluster_webhooks where id = @id").With("@id", SqliteRows.Id(id));
        return SqliteRows.List(read, SqliteRows.Webhook).FirstOrDefault();
    }

    // The site grain's current holder; a deleted site has none (its history is gone, so nothing more is written).
    private static SqliteCommand SiteHolderCommand(SqliteConnection connection, SqliteTransaction tx) =>
        Command(
            connection,
            tx,
            "select a.silo_id, a.epoch from cluster_assignments a join cluster_sites s on s.id = a.grain_key where a.grain_type = 'site' and a.grain_key = @k");

    private static (string? Silo, long Epoch) ReadSiteHolder(SqliteCommand current, Guid siteId)
    {
        current.Parameters.Clear();
        current.With("@k", SqliteRows.Id(siteId));
        return SqliteRows.List(current, r => (Silo: r.IsDBNull(0) ? null : r.GetString(0), Epoch: r.GetInt64(1))).FirstOrDefault();
    }

    private async Task<SiteZoneRecord?> WriteSiteZoneAsync(string sql, Guid id, Guid? siteId, SiteZoneDefinition zone, CancellationToken cancellationToken)
    {
        try
        {
            var record = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using var write = Command(connection, tx, sql)
                        .With("@id", SqliteRows.Id(id)).With("@site", siteId is { } s ? SqliteRows.Id(s) : null)
                        .With("@n", zone.Name).With("@poly", ZonePolygonJson.Write(zone.Polygon))
                        .With("@r", zone.Restricted ? 1 : 0).With("@l", zone.LoiteringSeconds);
                    if (write.ExecuteNonQuery() != 1)
                    {
                        return null;
                    }

                    var row = ReadSiteZone(connection, tx, id);
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                Publish(new ClusterChange(ClusterChangeKind.SiteZone, SqliteRows.Id(record.SiteId)));
            }

            return record;
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"The site already has a zone named '{zone.Name}'.");
        }
        catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {siteId}.");
        }
    }

    private async Task<WebhookRecord?> WriteWebhookAsync(string sql, Guid id, WebhookDefinition webhook, CancellationToken cancellationToken)
    {
        var encrypted = webhook.Secret is { } secret ? _protector.ProtectSecret(secret, WebhookSecretPurpose, id) : null;
        try
        {
            var record = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using var write = Command(connection, tx, sql)
                        .With("@id", SqliteRows.Id(id)).With("@n", webhook.Name).With("@u", webhook.Url)
                        .With("@site", webhook.SiteId is { } s ? SqliteRows.Id(s) : null).With("@k", JsonSerializer.Serialize(webhook.EventKinds))
                        .With("@sec", encrypted).With("@keep", encrypted is null ? 1 : 0);
                    if (write.ExecuteNonQuery() != 1)
                    {
                        return null;
                    }

                    var row = ReadWebhook(connection, tx, id);
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                Publish(new ClusterChange(ClusterChangeKind.Webhook, SqliteRows.Id(id)));
            }

            return record;
        }
        catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no site {webhook.SiteId}.");
        }
    }
}
