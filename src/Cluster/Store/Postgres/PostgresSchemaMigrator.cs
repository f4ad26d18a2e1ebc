using Microsoft.Extensions.Logging;
using Npgsql;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>
/// Creates and upgrades the schema. Migrations are numbered, recorded in <c>cluster_schema_migrations</c> and run in
/// one transaction under an advisory transaction lock, so silos starting together migrate once and never race.
/// </summary>
internal static class PostgresSchemaMigrator
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "posecluster_changes";

    /// <summary>Migrations in order; never edit a published one, append a new one.</summary>
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> Migrations =
    [
        (1, "membership, leadership, registry, assignments, activity", """
            create sequence cluster_epoch_seq;

            create table cluster_settings (
                name text primary key,
                value text not null);

            create table cluster_silos (
                id uuid primary key,
                name text not null,
                node_class text not null check (node_class in ('gpu', 'nuc')),
                device text not null check (device in ('cuda', 'cpu')),
                models text[] not null default '{}',
                capacity double precision not null check (capacity > 0),
                address text not null default '',
                status text not null check (status in ('active', 'leaving', 'left', 'dead')),
                heartbeat_interval_ms integer not null,
                death_window_ms integer not null,
                started_at timestamptz not null default now(),
                heartbeat_at timestamptz not null default now(),
                ended_at timestamptz,
                end_reason text,
                active_grains integer not null default 0,
                load_units double precision not null default 0);
            create unique index cluster_silos_live_name on cluster_silos (name) where status in ('active', 'leaving');
            create index cluster_silos_members on cluster_silos (status) where status in ('active', 'leaving');

            create table cluster_leader (
                id smallint primary key default 1 check (id = 1),
                silo_id uuid not null,
                term bigint not null,
                acquired_at timestamptz not null default now());

            create table cluster_sites (
                id uuid primary key,
                name text not null unique,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now());

            create table cluster_cameras (
                id uuid primary key,
                name text not null unique,
                site_id uuid references cluster_sites (id) on delete restrict,
                source_url text not null,
                credentials_encrypted bytea,
                target_fps double precision not null check (target_fps > 0),
                pipeline text not null,
                required_class text not null check (required_class in ('any', 'gpu', 'nuc')),
                enabled boolean not null default true,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now());
            create index cluster_cameras_site on cluster_cameras (site_id);

            create table cluster_assignments (
                grain_type text not null,
                grain_key text not null,
                silo_id uuid,
                epoch bigint not null,
                assigned_at timestamptz not null default now(),
                unplaced_reason text,
                primary key (grain_type, grain_key));
            create index cluster_assignments_silo on cluster_assignments (silo_id);

            create table cluster_activity (
                camera_id uuid not null,
                ts timestamptz not null,
                silo_id uuid not null,
                epoch bigint not null,
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
                id uuid primary key,
                camera_id uuid not null references cluster_cameras (id) on delete cascade,
                name text not null,
                polygon jsonb not null,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (camera_id, name));

            create table cluster_users (
                id uuid primary key,
                name text not null unique,
                role text not null check (role in ('admin', 'viewer')),
                password_hash text not null,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now());

            create table cluster_api_keys (
                id uuid primary key,
                name text not null,
                role text not null check (role in ('admin', 'viewer')),
                key_hash text not null unique,
                key_prefix text not null,
                created_at timestamptz not null default now());

            create table cluster_sessions (
                token_hash text primary key,
                user_id uuid not null references cluster_users (id) on delete cascade,
                created_at timestamptz not null default now(),
                expires_at timestamptz not null);
            create index cluster_sessions_user on cluster_sessions (user_id);
            create index cluster_sessions_expiry on cluster_sessions (expires_at);

            create index cluster_activity_ts on cluster_activity (ts);
            """),
        (3, "calibrations, site zones, site events and activity, webhooks", """
            create table cluster_calibrations (
                camera_id uuid primary key references cluster_cameras (id) on delete cascade,
                points jsonb not null,
                image_to_floor jsonb not null,
                error double precision not null,
                updated_at timestamptz not null default now());

            create table cluster_site_zones (
                id uuid primary key,
                site_id uuid not null references cluster_sites (id) on delete cascade,
                name text not null,
                polygon jsonb not null,
                restricted boolean not null default false,
                loitering_s double precision,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (site_id, name));

            create table cluster_site_events (
                id uuid primary key,
                site_id uuid not null references cluster_sites (id) on delete cascade,
                ts timestamptz not null,
                kind text not null,
                global_id integer not null,
                camera_id uuid,
                zone text,
                details text not null);
            create index cluster_site_events_site_ts on cluster_site_events (site_id, ts);

            create table cluster_site_activity (
                site_id uuid not null references cluster_sites (id) on delete cascade,
                zone text not null,
                ts timestamptz not null,
                silo_id uuid not null,
                epoch bigint not null,
                persons_avg real not null,
                persons_max integer not null,
                entries integer not null,
                exits integer not null,
                dwell_avg real not null,
                primary key (site_id, zone, ts));

            create table cluster_webhooks (
                id uuid primary key,
                name text not null,
                url text not null,
                site_id uuid references cluster_sites (id) on delete cascade,
                event_kinds text[] not null default '{}',
                secret_encrypted bytea,
                delivered bigint not null default 0,
                failed bigint not null default 0,
                last_status text,
                last_attempt_at timestamptz,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now());
            create index cluster_webhooks_site on cluster_webhooks (site_id);
            """),
    ];

    /// <summary>Applies missing migrations; fails when the database is newer than this code.</summary>
    public static async Task MigrateAsync(NpgsqlConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({PostgresLocks.Namespace}, {PostgresLocks.Migration})", connection, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(
            "create table if not exists cluster_schema_migrations (version integer primary key, description text not null, applied_at timestamptz not null default now())",
            connection,
            tx))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = new NpgsqlCommand("select coalesce(max(version), 0) from cluster_schema_migrations", connection, tx))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
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
            await using (var apply = new NpgsqlCommand(sql, connection, tx))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand("insert into cluster_schema_migrations (version, description) values (@v, @d)", connection, tx))
            {
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("d", description);
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            logger.LogInformation("Cluster store schema migrated to version {Version} ({Description})", version, description);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
