namespace PoseCluster.Grains.Site;

/// <summary>What a site grain did with a batch of results.</summary>
/// <param name="Accepted">Results from the cameras' current epochs.</param>
/// <param name="RefusedStale">Results refused because their (silo, epoch) is no longer the camera's assignment.</param>
/// <param name="NotHere">True when the site grain is not (or no longer) active on this node: the sender re-resolves.</param>
public readonly record struct SiteAcceptResult(int Accepted, int RefusedStale, bool NotHere = false);
