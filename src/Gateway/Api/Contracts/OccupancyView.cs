using PoseCluster.Gateway.Live;

namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>
/// A site's live occupancy: per camera-image zone, one sample per second (the most persons seen in it during that
/// second; null while its camera is not streaming), plus the posture breakdown of the site grain's latest snapshot and
/// the recent events kept from the live feed.
/// </summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Site">Site name.</param>
/// <param name="From">Start of the samples.</param>
/// <param name="Zones">Zones of the site's cameras.</param>
/// <param name="Posture">People per posture in the latest site snapshot (all zero before the first one).</param>
/// <param name="Events">Recent events seen on the live feed, newest first (at most <see cref="MaxEvents"/>; older ones: <c>/events</c>).</param>
public sealed record OccupancyView(Guid SiteId, string Site, DateTimeOffset From, IReadOnlyList<ZoneOccupancyView> Zones, PostureCountsView Posture, IReadOnlyList<LiveSiteEvent> Events)
{
    /// <summary>The most recent events an occupancy answer carries.</summary>
    public const int MaxEvents = 50;
}
