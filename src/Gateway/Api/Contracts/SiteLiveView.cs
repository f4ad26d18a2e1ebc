using PoseCluster.Gateway.Live;

namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A site's latest live snapshot from its site grain (empty, with a null <see cref="At"/>, before the first).</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="Site">Site name.</param>
/// <param name="Node">The node running the site grain, or null.</param>
/// <param name="Epoch">The site grain's epoch (0 before the first snapshot).</param>
/// <param name="At">When the snapshot was taken, or null.</param>
/// <param name="Persons">People on the floor plan now.</param>
/// <param name="Identities">Their floor positions (metres), postures and global ids.</param>
/// <param name="Zones">Floor zones with their live counts.</param>
/// <param name="Cameras">The site's cameras (calibrated or not, persons in the latest frame).</param>
/// <param name="Events">Recent events seen on the live feed, newest first (at most 200; older ones: <c>/events</c>).</param>
public sealed record SiteLiveView(
    Guid SiteId,
    string Site,
    string? Node,
    long Epoch,
    DateTimeOffset? At,
    int Persons,
    IReadOnlyList<LiveSiteIdentity> Identities,
    IReadOnlyList<LiveSiteZone> Zones,
    IReadOnlyList<LiveSiteCamera> Cameras,
    IReadOnlyList<LiveSiteEvent> Events);
