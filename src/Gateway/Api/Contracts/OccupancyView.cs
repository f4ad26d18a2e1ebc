namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>
/// A site's live zone occupancy: per zone, one sample per second (the most persons seen in it during that second; null
/// while its camera is not streaming). <see cref="Posture"/> and <see cref="Events"/> stay null until per-camera
/// tracking lands (posture breakdown, dwell and zone events are computed by the site grain then).
/// </summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Site">Site name.</param>
/// <param name="From">Start of the samples.</param>
/// <param name="Zones">Zones of the site's cameras.</param>
/// <param name="Posture">Posture breakdown (standing, sitting, lying): not computed yet.</param>
/// <param name="Events">Zone events (entries, exits, dwell, falls): not computed yet.</param>
public sealed record OccupancyView(Guid SiteId, string Site, DateTimeOffset From, IReadOnlyList<ZoneOccupancyView> Zones, object? Posture, object? Events);
