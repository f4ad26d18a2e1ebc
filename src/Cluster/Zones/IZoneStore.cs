namespace PoseCluster.Cluster.Zones;

/// <summary>Zones: named polygons drawn on a camera's image (occupancy, dwell and events are counted per zone).</summary>
public interface IZoneStore
{
    /// <summary>Adds a zone; fails with <see cref="ClusterErrorCode.NotFound"/> for an unknown camera, <see cref="ClusterErrorCode.Conflict"/> for a duplicate name.</summary>
    Task<ZoneRecord> AddZoneAsync(Guid cameraId, ZoneDefinition zone, CancellationToken cancellationToken);

    /// <summary>Replaces a zone's name and polygon; fails with <see cref="ClusterErrorCode.NotFound"/> when absent.</summary>
    Task<ZoneRecord> UpdateZoneAsync(Guid zoneId, ZoneDefinition zone, CancellationToken cancellationToken);

    /// <summary>A zone by id, or null.</summary>
    Task<ZoneRecord?> GetZoneAsync(Guid zoneId, CancellationToken cancellationToken);

    /// <summary>Zones of one camera, or of every camera when <paramref name="cameraId"/> is null, by camera then name.</summary>
    Task<IReadOnlyList<ZoneRecord>> ListZonesAsync(Guid? cameraId, CancellationToken cancellationToken);

    /// <summary>Deletes a zone; false when absent.</summary>
    Task<bool> DeleteZoneAsync(Guid zoneId, CancellationToken cancellationToken);
}
