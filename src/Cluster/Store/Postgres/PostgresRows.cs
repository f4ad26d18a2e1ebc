using Npgsql;
using PoseCluster.Cluster.Access;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Column lists and row readers shared by the PostgreSQL queries (column order matters).</summary>
internal static class PostgresRows
{
    public const string SiloColumns =
        "id, name, node_class, device, models, capacity, address, status, started_at, heartbeat_at, "
        + "extract(epoch from (now() - heartbeat_at))::float8, death_window_ms, active_grains, load_units";

    public const string CameraColumns =
        "id, name, site_id, source_url, credentials_encrypted is not null, target_fps, pipeline, required_class, enabled, created_at, updated_at";

    public const string SiteColumns = "id, name, created_at, updated_at";

    public const string AssignmentColumns = "grain_type, grain_key, silo_id, epoch, assigned_at, unplaced_reason";

    public const string ActivityColumns = "camera_id, ts, silo_id, epoch, frames, persons_avg, persons_max, fps_in, fps_out, drops";

    public const string ZoneColumns = "id, camera_id, name, polygon::text, created_at, updated_at";

    public const string UserColumns = "id, name, role, password_hash, created_at, updated_at";

    public const string ApiKeyColumns = "id, name, role, key_prefix, created_at";

    public const string SessionColumns = "u.id, u.name, u.role, s.created_at, s.expires_at";

    public const string CalibrationColumns = "camera_id, points::text, image_to_floor::text, error, updated_at";

    public const string SiteZoneColumns = "id, site_id, name, polygon::text, restricted, loitering_s, created_at, updated_at";

    public const string SiteEventColumns = "id, site_id, ts, kind, global_id, camera_id, zone, details";

    public const string WebhookColumns =
        "id, name, url, site_id, event_kinds, secret_encrypted is not null, delivered, failed, last_status, last_attempt_at, created_at, updated_at";

    public static ZoneRecord Zone(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), ZonePolygonJson.Read(r.GetString(3)), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5));

    public static CameraCalibration Calibration(NpgsqlDataReader r) => new(
        r.GetGuid(0), CalibrationJson.ReadPoints(r.GetString(1)), CalibrationJson.ReadMatrix(r.GetString(2)), r.GetDouble(3), r.GetFieldValue<DateTimeOffset>(4));

    public static SiteZoneRecord SiteZone(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetGuid(1),
        r.GetString(2),
        ZonePolygonJson.Read(r.GetString(3)),
        r.GetBoolean(4),
        r.IsDBNull(5) ? null : r.GetDouble(5),
        r.GetFieldValue<DateTimeOffset>(6),
        r.GetFieldValue<DateTimeOffset>(7));

    public static SiteEventRecord SiteEvent(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetGuid(1),
        r.GetFieldValue<DateTimeOffset>(2),
        r.GetString(3),
        r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetGuid(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetString(7));

    public static WebhookRecord Webhook(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetGuid(3),
        r.GetFieldValue<string[]>(4),
        r.GetBoolean(5),
        r.GetInt64(6),
        r.GetInt64(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        r.GetFieldValue<DateTimeOffset>(10),
        r.GetFieldValue<DateTimeOffset>(11));

    public static UserRecord User(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), WireNames.ParseRole(r.GetString(2)), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5));

    public static ApiKeyRecord ApiKey(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), WireNames.ParseRole(r.GetString(2)), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4));

    public static SessionRecord Session(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), WireNames.ParseRole(r.GetString(2)), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4));

    public static SiloInfo Silo(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        WireNames.ParseNodeClass(r.GetString(2)),
        WireNames.ParseDevice(r.GetString(3)),
        r.GetFieldValue<string[]>(4),
        r.GetDouble(5),
        r.GetString(6),
        WireNames.ParseSiloStatus(r.GetString(7)),
        r.GetFieldValue<DateTimeOffset>(8),
        r.GetFieldValue<DateTimeOffset>(9),
        TimeSpan.FromSeconds(Math.Max(0, r.GetDouble(10))),
        TimeSpan.FromMilliseconds(r.GetInt32(11)),
        r.GetInt32(12),
        r.GetDouble(13));

    public static CameraRecord Camera(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetGuid(2),
        r.GetString(3),
        r.GetBoolean(4),
        r.GetDouble(5),
        r.GetString(6),
        WireNames.ParseRequirement(r.GetString(7)),
        r.GetBoolean(8),
        r.GetFieldValue<DateTimeOffset>(9),
        r.GetFieldValue<DateTimeOffset>(10));

    public static SiteRecord Site(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2), r.GetFieldValue<DateTimeOffset>(3));

    public static GrainAssignment Assignment(NpgsqlDataReader r) => new(
        new GrainId(r.GetString(0), r.GetString(1)),
        r.IsDBNull(2) ? null : r.GetGuid(2),
        r.GetInt64(3),
        r.GetFieldValue<DateTimeOffset>(4),
        r.IsDBNull(5) ? null : r.GetString(5));

    public static ActivitySample ActivityRow(NpgsqlDataReader r) => new(
        r.GetGuid(0),
        r.GetFieldValue<DateTimeOffset>(1),
        r.GetGuid(2),
        r.GetInt64(3),
        r.GetInt32(4),
        r.GetFloat(5),
        r.GetInt32(6),
        r.GetFloat(7),
        r.GetFloat(8),
        r.GetInt32(9));

    /// <summary>Reads every row of a command.</summary>
    public static async Task<List<T>> ListAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(read(reader));
        }

        return list;
    }

    /// <summary>Adds a parameter whose value may be null (typed, so PostgreSQL can infer it).</summary>
    public static void AddNullable(this NpgsqlParameterCollection parameters, string name, object? value, NpgsqlTypes.NpgsqlDbType type) =>
        parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
}
