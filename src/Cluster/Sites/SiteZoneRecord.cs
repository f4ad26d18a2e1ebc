using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Sites;

/// <summary>A stored floor-plan zone of a site (deleting the site is refused while it has cameras; its zones go with it).</summary>
/// <param name="Id">Zone id.</param>
/// <param name="SiteId">The site.</param>
/// <param name="Name">Name, unique per site.</param>
/// <param name="Polygon">Vertices in floor metres.</param>
/// <param name="Restricted">Whether entering raises an event.</param>
/// <param name="LoiteringSeconds">Loitering threshold, or null.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update time.</param>
public sealed record SiteZoneRecord(Guid Id, Guid SiteId, string Name, IReadOnlyList<ZonePoint> Polygon, bool Restricted, double? LoiteringSeconds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
