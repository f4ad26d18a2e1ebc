namespace PoseCluster.Grains.Site;

/// <summary>A site grain's state, for the node's API.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Epoch">The site grain's epoch.</param>
/// <param name="Accepted">Results accepted.</param>
/// <param name="RefusedStale">Results refused as stale.</param>
/// <param name="Cameras">Per camera, the latest accepted result.</param>
/// <param name="CalibratedCameras">Cameras with a calibration (placed on the floor plan).</param>
/// <param name="Zones">Floor zones.</param>
/// <param name="EventsStored">Events stored by this activation.</param>
/// <param name="EventsPending">Events raised but not stored yet.</param>
public sealed record SiteStatus(
    Guid SiteId,
    long Epoch,
    long Accepted,
    long RefusedStale,
    IReadOnlyList<SiteCameraState> Cameras,
    int CalibratedCameras,
    int Zones,
    long EventsStored,
    int EventsPending);
