using System.Text.Json;
using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Access;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Column lists, row readers and conversions of the SQLite store (column order matters).</summary>
internal static class SqliteRows
{
    public const string SiloColumns =
        "id, name, node_class, device, models, capacity, address, status, started_at, heartbeat_at, "
        + SqliteSchemaMigrator.NowMs + " - heartbeat_at, death_window_ms, active_grains, load_units";

    public const string CameraColumns =
        "id, name, site_id, source_url, credentials_encrypted is not null, target_fps, pipeline, required_class, enabled, created_at, updated_at";

    public const string SiteColumns = "id, name, created_at, updated_at";

    public const string AssignmentColumns = "grain_type, grain_key, silo_id, epoch, assigned_at, unplaced_reason";

    public const string ActivityColumns = "camera_id, ts, silo_id, epoch, frames, persons_avg, persons_max, fps_in, fps_out, drops";

    public const string ZoneColumns = "id, camera_id, name, polygon, created_at, updated_at";

    public const string UserColumns = "id, name, role, password_hash, created_at, updated_at";

    public const string ApiKeyColumns = "id, name, role, key_prefix, created_at";

    public const string SessionColumns = "u.id, u.name, u.role, s.created_at, s.expires_at";

    public const string CalibrationColumns = "camera_id, points, image_to_floor, error, updated_at";

    public const string SiteZoneColumns = "id, site_id, name, polygon, restricted, loitering_s, created_at, updated_at";

    public const string SiteEventColumns = "id, site_id, ts, kind, global_id, camera_id, zone, details";

    public const string WebhookColumns =
        "id, name, url, site_id, event_kinds, secret_encrypted is not null, delivered, failed, last_status, last_attempt_at, created_at, updated_at";

    public static string Id(Guid id) => id.ToString("D");

    public static ZoneRecord Zone(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), ZonePolygonJson.Read(r.GetString(3)), Time(r.GetInt64(4)), Time(r.GetInt64(5)));

    public static UserRecord User(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.GetString(1), WireNames.ParseRole(r.GetString(2)), r.GetString(3), Time(r.GetInt64(4)), Time(r.GetInt64(5)));

    public static ApiKeyRecord ApiKey(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.GetString(1), WireNames.ParseRole(r.GetString(2)), r.GetString(3), Time(r.GetInt64(4)));

    public static SessionRecord Session(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.GetString(1), WireNames.ParseRole(r.GetString(2)), Time(r.GetInt64(3)), Time(r.GetInt64(4)));

    public static CameraCalibration Calibration(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)), CalibrationJson.ReadPoints(r.GetString(1)), CalibrationJson.ReadMatrix(r.GetString(2)), r.GetDouble(3), Time(r.GetInt64(4)));

    public static SiteZoneRecord SiteZone(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        Guid.Parse(r.GetString(1)),
        r.GetString(2),
        ZonePolygonJson.Read(r.GetString(3)),
        r.GetInt64(4) != 0,
        r.IsDBNull(5) ? null : r.GetDouble(5),
        Time(r.GetInt64(6)),
        Time(r.GetInt64(7)));

    public static SiteEventRecord SiteEvent(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        Guid.Parse(r.GetString(1)),
        Time(r.GetInt64(2)),
        r.GetString(3),
        r.GetInt32(4),
        r.IsDBNull(5) ? null : Guid.Parse(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetString(7));

    public static WebhookRecord Webhook(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        r.GetString(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : Guid.Parse(r.GetString(3)),
        JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? [],
        r.GetInt64(5) != 0,
        r.GetInt64(6),
        r.GetInt64(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : Time(r.GetInt64(9)),
        Time(r.GetInt64(10)),
        Time(r.GetInt64(11)));

    public static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    public static string Models(IReadOnlyList<string> models) => JsonSerializer.Serialize(models);

    public static SiloInfo Silo(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        r.GetString(1),
        WireNames.ParseNodeClass(r.GetString(2)),
        WireNames.ParseDevice(r.GetString(3)),
        JsonSerializer.Deserialize<string[]>(r.GetString(4)) ?? [],
        r.GetDouble(5),
        r.GetString(6),
        WireNames.ParseSiloStatus(r.GetString(7)),
        Time(r.GetInt64(8)),
        Time(r.GetInt64(9)),
        TimeSpan.FromMilliseconds(Math.Max(0, r.GetInt64(10))),
        TimeSpan.FromMilliseconds(r.GetInt64(11)),
        r.GetInt32(12),
        r.GetDouble(13));

    public static CameraRecord Camera(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        r.GetString(1),
        r.IsDBNull(2) ? null : Guid.Parse(r.GetString(2)),
        r.GetString(3),
        r.GetInt64(4) != 0,
        r.GetDouble(5),
        r.GetString(6),
        WireNames.ParseRequirement(r.GetString(7)),
        r.GetInt64(8) != 0,
        Time(r.GetInt64(9)),
        Time(r.GetInt64(10)));

    public static SiteRecord Site(SqliteDataReader r) =>
        new(Guid.Parse(r.GetString(0)), r.GetString(1), Time(r.GetInt64(2)), Time(r.GetInt64(3)));

    public static GrainAssignment Assignment(SqliteDataReader r) => new(
        new GrainId(r.GetString(0), r.GetString(1)),
        r.IsDBNull(2) ? null : Guid.Parse(r.GetString(2)),
        r.GetInt64(3),
        Time(r.GetInt64(4)),
        r.IsDBNull(5) ? null : r.GetString(5));

    public static ActivitySample ActivityRow(SqliteDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        Time(r.GetInt64(1)),
        Guid.Parse(r.GetString(2)),
        r.GetInt64(3),
        r.GetInt32(4),
        r.GetFloat(5),
        r.GetInt32(6),
        r.GetFloat(7),
        r.GetFloat(8),
        r.GetInt32(9));

    /// <summary>Reads every row of a command.</summary>
    public static List<T> List<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var list = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    /// <summary>Adds a parameter, mapping null to DBNull.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
