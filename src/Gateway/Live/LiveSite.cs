namespace PoseCluster.Gateway.Live;

/// <summary>A site grain's live snapshot (about one a second), as browsers subscribed to the site get it.</summary>
/// <param name="Site">Site id.</param>
/// <param name="SiteName">Site name.</param>
/// <param name="Epoch">The site grain's epoch (snapshots of older epochs never reach the browser).</param>
/// <param name="Node">The silo running the site grain.</param>
/// <param name="At">When the snapshot was taken.</param>
/// <param name="Persons">People on the floor plan now.</param>
/// <param name="Identities">Their floor positions and postures.</param>
/// <param name="Zones">Floor zones with their counts.</param>
/// <param name="Cameras">The site's cameras.</param>
/// <param name="Events">Events raised since the previous snapshot.</param>
public sealed record LiveSite(
    Guid Site,
    string SiteName,
    long Epoch,
    string Node,
    DateTimeOffset At,
    int Persons,
    IReadOnlyList<LiveSiteIdentity> Identities,
    IReadOnlyList<LiveSiteZone> Zones,
    IReadOnlyList<LiveSiteCamera> Cameras,
    IReadOnlyList<LiveSiteEvent> Events);
