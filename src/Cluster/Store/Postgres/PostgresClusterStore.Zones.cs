using Npgsql;
using NpgsqlTypes;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Zones.</summary>
internal sealed partial class PostgresClusterStore
{
    public async Task<ZoneRecord> AddZoneAsync(Guid cameraId, ZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteZoneAsync(
            "insert into cluster_zones (id, camera_id, name, polygon) values (@id, @cam, @n, @poly::jsonb) returning " + PostgresRows.ZoneColumns,
            Guid.CreateVersion7(),
            cameraId,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert returned no row");
    }

    public async Task<ZoneRecord> UpdateZoneAsync(Guid zoneId, ZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteZoneAsync(
            "update cluster_zones set name = @n, polygon = @poly::jsonb, updated_at = now() where id = @id returning " + PostgresRows.ZoneColumns,
            zoneId,
            null,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no zone {zoneId}.");
    }

    public Task<ZoneRecord?> GetZoneAsync(Guid zoneId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.ZoneColumns} from cluster_zones where id = @id", connection);
                read.Parameters.AddWithValue("id", zoneId);
                return (await PostgresRows.ListAsync(read, PostgresRows.Zone, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<ZoneRecord>> ListZonesAsync(Guid? cameraId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ZoneRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.ZoneColumns} from cluster_zones where @cam::uuid is null or camera_id = @cam order by camera_id, name", connection);
                read.Parameters.AddNullable("cam", cameraId, NpgsqlDbType.Uuid);
                return await PostgresRows.ListAsync(read, PostgresRows.Zone, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteZoneAsync(Guid zoneId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var delete = new NpgsqlCommand("delete from cluster_zones where id = @id returning camera_id", connection, tx);
                delete.Parameters.AddWithValue("id", zoneId);
                var camera = await delete.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                if (camera is Guid cameraId)
                {
                    await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Zone, cameraId.ToString("D")), cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return camera is Guid;
            },
            idempotent: false,
            cancellationToken);

    private async Task<ZoneRecord?> WriteZoneAsync(string sql, Guid id, Guid? cameraId, ZoneDefinition zone, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using var write = new NpgsqlCommand(sql, connection, tx);
                    write.Parameters.AddWithValue("id", id);
                    write.Parameters.AddNullable("cam", cameraId, NpgsqlDbType.Uuid);
                    write.Parameters.AddWithValue("n", zone.Name);
                    write.Parameters.AddWithValue("poly", ZonePolygonJson.Write(zone.Polygon));
                    var record = (await PostgresRows.ListAsync(write, PostgresRows.Zone, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                    if (record is not null)
                    {
                        await NotifyAsync(connection, tx, new ClusterChange(ClusterChangeKind.Zone, record.CameraId.ToString("D")), cancellationToken).ConfigureAwait(false);
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return record;
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"The camera already has a zone named '{zone.Name}'.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
        }
    }
}
