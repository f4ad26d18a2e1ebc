using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>
/// Creates and upgrades the SQLite schema (same tables as PostgreSQL; uuids as text, times as Unix milliseconds).
/// Migrations run in one <c>BEGIN IMMEDIATE</c> transaction, which serialises concurrent openers.
/// </summary>
internal static class SqliteSchemaMigrator
{
    /// <summary>The database clock in Unix milliseconds.</summary>
    public const string NowMs = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";

    /// <summary>Migrations in order; never edit a published one, append a new one.</summary>
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> Migrations =
    [
        (1, "membership, leadership, registry, assignments, activity", """
            create table cluster_sequences (name text primary key, value integer not null);
            insert into cluster_sequences (name, value) values ('epoch', 0);

            create table cluster_settings (name text primary key, value text not null);

            create table cluster_silos (
                id text primary key,
                name text not null,
                node_class text not null check (node_class in ('gpu', 'nuc')),
                device text not null check (device in ('cuda', 'cpu')),
                models text not null default '[]',
                capacity real not null check (capacity > 0),
                address text not null default '',
                status text not null check (status in ('active', 'leaving', 'left', 'dead')),
                heartbeat_interval_ms integer not null,
                death_window_ms integer not null,
                started_at integer not null,
                heartbeat_at integer not null,
                ended_at integer,
                end_reason text,
                active_grains integer not null default 0,
                load_units real not null default 0);
            create unique index cluster_silos_live_name on cluster_silos (name) where status in ('active', 'leaving');

            create table cluster_leader (
                id integer primary key check (id = 1),
                silo_id text not null,
                term integer not null,
                acquired_at integer not null);

            create table cluster_sites (
                id text primary key,
                name text not null unique,
                created_at integer not null,
                updated_at integer not null);

            create table cluster_cameras (
                id text primary key,
                name text not null unique,
                site_id text references cluster_sites (id) on delete restrict,
                source_url text not null,
                credentials_encrypted blob,
                target_fps real not null check (target_fps > 0),
                pipeline text not null,
                required_class text not null check (required_class in ('any', 'gpu', 'nuc')),
                enabled integer not null default 1,
                created_at integer not null,
                updated_at integer not null);
            create index cluster_cameras_site on cluster_cameras (site_id);

            create table cluster_assignments (
                grain_type text not null,
                grain_key text not null,
                silo_id text,
                epoch integer not null,
                assigned_at integer not null,
                unplaced_reason text,
                primary key (grain_type, grain_key));
            create index cluster_assignments_silo on cluster_assignments (silo_id);

            create table cluster_activity (
                camera_id text not null,
                ts integer not null,
                silo_id text not null,
                epoch integer not null,
                frames integer not null,
                persons_avg real not null,
                persons_max integer not null,
                fps_in real not null,
                fps_out real not null,
                drops integer not null,
                primary key (camera_id, ts));
            """),
        (2, "zones, users, api keys, sessions; activity time index", """
            create table cluster_zones (
                id text primary key,
                camera_id text not null references cluster_cameras (id) on delete cascade,
                name text not null,
                polygon text not null,
                created_at integer not null,
                updated_at integer not null,
                unique (camera_id, name));

            create table cluster_users (
                id text primary key,
                name text not null unique,
                role text not null check (role in ('admin', 'viewer')),
                password_hash text not null,
                created_at integer not null,
                updated_at integer not null);

            create table cluster_api_keys (
                id text primary key,
                name text not null,
                role text not null check (role in ('admin', 'viewer')),
                key_hash text not null unique,
                key_prefix text not null,
                created_at integer not null);

            create table cluster_sessions (
                token_hash text primary key,
                user_id text not null references cluster_users (id) on delete cascade,
                created_at integer not null,
                expires_at integer not null);
            create index cluster_sessions_user on cluster_sessions (user_id);
            create index cluster_sessions_expiry on cluster_sessions (expires_at);

            create index cluster_activity_ts on cluster_activity (ts);
            """),
        (3, "calibrations, site zones, site events and activity, webhooks", """
            create table cluster_calibrations (
                camera_id text primary key references cluster_cameras (id) on delete cascade,
                points text not null,
                image_to_floor text not null,
                error real not null,
                updated_at integer not null);

            create table cluster_site_zones (
                id text primary key,
                site_id text not null references cluster_sites (id) on delete cascade,
                name text not null,
                polygon text not null,
                restricted integer not null default 0,
                loitering_s real,
                created_at integer not null,
                updated_at integer not null,
                unique (site_id, name));

            create table cluster_site_events (
                id text primary key,
                site_id text not null references cluster_sites (id) on delete cascade,
                ts integer not null,
                kind text not null,
                global_id integer not null,
                camera_id text,
                zone text,
                details text not null);
            create index cluster_site_events_site_ts on cluster_site_events (site_id, ts);

            create table cluster_site_activity (
                site_id text not null references cluster_sites (id) on delete cascade,
                zone text not null,
                ts integer not null,
                silo_id text not null,
                epoch integer not null,
                persons_avg real not null,
                persons_max integer not null,
                entries integer not null,
                exits integer not null,
                dwell_avg real not null,
                primary key (site_id, zone, ts));

            create table cluster_webhooks (
                id text primary key,
                name text not null,
                url text not null,
                site_id text references cluster_sites (id) on delete cascade,
                event_kinds text not null default '[]',
                secret_encrypted blob,
                delivered integer not null default 0,
                failed integer not null default 0,
                last_status text,
                last_attempt_at integer,
                created_at integer not null,
                updated_at integer not null);
            create index cluster_webhooks_site on cluster_webhooks (site_id);
            """),
    ];

    /// <summary>Applies missing migrations; fails when the file is newer than this code.</summary>
    public static void Migrate(SqliteConnection connection, ILogger logger)
    {
        using var tx = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = tx;
            create.CommandText =
                "create table if not exists cluster_schema_migrations (version integer primary key, description text not null, applied_at integer not null)";
            create.ExecuteNonQuery();
        }

        long current;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "select coalesce(max(version), 0) from cluster_schema_migrations";
            current = (long)read.ExecuteScalar()!;
        }

        var latest = Migrations[^1].Version;
        if (current > latest)
        {
            throw new ClusterException(
                ClusterErrorCode.SchemaTooNew,
                $"The cluster store's schema is at version {current} but this node knows up to {latest}: upgrade this node.");
        }

        foreach (var (version, description, sql) in Migrations.Where(m => m.Version > current))
        {
            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = tx;
                apply.CommandText = sql;
                apply.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = $"insert into cluster_schema_migrations (version, description, applied_at) values (@v, @d, {NowMs})";
                record.Parameters.AddWithValue("@v", version);
                record.Parameters.AddWithValue("@d", description);
                record.ExecuteNonQuery();
            }

            logger.LogInformation("Cluster store schema migrated to version {Version} ({Description})", version, description);
        }

        tx.Commit();
    }
}
