namespace PoseCluster.Grains.Site;

/// <summary>Delivers results to a site grain on another node (the host implements it over the data plane).</summary>
public interface ISiteResultClient
{
    /// <summary>Sends <paramref name="results"/> to the site grain of <paramref name="siteId"/> at <paramref name="address"/>.</summary>
    Task<SiteAcceptResult> SendAsync(string address, Guid siteId, IReadOnlyList<SiteCameraResult> results, CancellationToken cancellationToken);
}
