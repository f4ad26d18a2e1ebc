using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Zones.</summary>
internal sealed partial class SqliteClusterStore
{
    public async Task<ZoneRecord> AddZoneAsync(Guid cameraId, ZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        var id = Guid.CreateVersion7();
        return await WriteZoneAsync(
            $"insert into cluster_zones (id, camera_id, name, polygon, created_at, updated_at) values (@id, @cam, @n, @poly, {Now}, {Now})",
            id,
            cameraId,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("insert wrote no row");
    }

    public async Task<ZoneRecord> UpdateZoneAsync(Guid zoneId, ZoneDefinition zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        zone.Validate();
        return await WriteZoneAsync(
            $"update cluster_zones set name = @n, polygon = @poly, updated_at = {Now} where id = @id",
            zoneId,
            null,
            zone,
            cancellationToken).ConfigureAwait(false) ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no zone {zoneId}.");
    }

    public Task<ZoneRecord?> GetZoneAsync(Guid zoneId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadZone(connection, null, zoneId), cancellationToken);

    public Task<IReadOnlyList<ZoneRecord>> ListZonesAsync(Guid? cameraId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ZoneRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.ZoneColumns} from cluster_zones where @cam is null or camera_id = @cam order by camera_id, name")
                    .With("@cam", cameraId is { } c ? SqliteRows.Id(c) : null);
                return SqliteRows.List(read, SqliteRows.Zone);
            },
            cancellationToken);

    public async Task<bool> DeleteZoneAsync(Guid zoneId, CancellationToken cancellationToken)
    {
        var cameraId = await RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                var zone = ReadZone(connection, tx, zoneId);
                if (zone is null)
                {
                    return (Guid?)null;
                }

                using var delete = Command(connection, tx, "delete from cluster_zones where id = @id").With("@id", SqliteRows.Id(zoneId));
                delete.ExecuteNonQuery();
                tx.Commit();
                return zone.CameraId;
            },
            cancellationToken).ConfigureAwait(false);
        if (cameraId is { } camera)
        {
            Publish(new ClusterChange(ClusterChangeKind.Zone, SqliteRows.Id(camera)));
        }

        return cameraId is not null;
    }

    private static ZoneRecord? ReadZone(SqliteConnection connection, SqliteTransaction? tx, Guid id)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.ZoneColumns} from cluster_zones where id = @id").With("@id", SqliteRows.Id(id));
        return SqliteRows.List(read, SqliteRows.Zone).FirstOrDefault();
    }

    private async Task<ZoneRecord?> WriteZoneAsync(string sql, Guid id, Guid? cameraId, ZoneDefinition zone, CancellationToken cancellationToken)
    {
        try
        {
            var record = await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using var write = Command(connection, tx, sql)
                        .With("@id", SqliteRows.Id(id)).With("@cam", cameraId is { } c ? SqliteRows.Id(c) : null)
                        .With("@n", zone.Name).With("@poly", ZonePolygonJson.Write(zone.Polygon));
                    if (write.ExecuteNonQuery() != 1)
                    {
                        return null;
                    }

                    var row = ReadZone(connection, tx, id);
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                Publish(new ClusterChange(ClusterChangeKind.Zone, SqliteRows.Id(record.CameraId)));
            }

            return record;
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"The camera already has a zone named '{zone.Name}'.");
        }
        catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
        {
            throw new ClusterException(ClusterErrorCode.NotFound, $"There is no camera {cameraId}.");
        }
    }
}
