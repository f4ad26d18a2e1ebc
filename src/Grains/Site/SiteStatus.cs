namespace PoseCluster.Grains.Site;

/// <summary>A site grain's state, for the node's API.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Epoch">The site grain's epoch.</param>
/// <param name="Accepted">Results accepted.</param>
/// <param name="RefusedStale">Results refused as stale.</param>
/// <param name="Cameras">Per camera, the latest accepted result.</param>
public sealed record SiteStatus(Guid SiteId, long Epoch, long Accepted, long RefusedStale, IReadOnlyList<SiteCameraState> Cameras);
