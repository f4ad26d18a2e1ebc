namespace PoseCluster.Grains.Site;

/// <summary>
/// The single activation of a site: it receives the results of the site's cameras (from any node), refuses those of
/// stale epochs and counts them, and aggregates the accepted tracked frames on the site's floor plan.
/// </summary>
public interface ISiteGrain
{
    /// <summary>The site.</summary>
    Guid SiteId { get; }

    /// <summary>Its current state.</summary>
    SiteStatus Status { get; }

    /// <summary>Accepts the results whose (silo, epoch) is their camera's current assignment; refuses and counts the others.</summary>
    Task<SiteAcceptResult> AcceptAsync(IReadOnlyList<SiteCameraResult> results, CancellationToken cancellationToken);
}
