namespace PoseCluster.Cluster.Sites;

/// <summary>
/// One stored site event. The site grain creates the id (a version-7 GUID), so writing the same event twice (a retried
/// batch) stores it once.
/// </summary>
/// <param name="Id">Event id.</param>
/// <param name="SiteId">The site.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">
/// <c>fall</c>, <c>loitering</c>, <c>restricted_entry</c>, <c>zone_entry</c> or <c>zone_exit</c> (lower-case; at most 40 characters).
/// </param>
/// <param name="GlobalId">The site-level person id it is about.</param>
/// <param name="CameraId">The camera that saw it, when known.</param>
/// <param name="Zone">The zone it is about, when any.</param>
/// <param name="Details">A short human-readable description (at most 500 characters).</param>
public sealed record SiteEventRecord(Guid Id, Guid SiteId, DateTimeOffset Time, string Kind, int GlobalId, Guid? CameraId, string? Zone, string Details);
