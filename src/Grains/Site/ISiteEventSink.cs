using PoseCluster.Cluster.Sites;

namespace PoseCluster.Grains.Site;

/// <summary>
/// Where a site grain hands the events it raised, after storing them (the node's webhook delivery). Offering never
/// blocks the site grain: a sink queues and delivers in the background.
/// </summary>
public interface ISiteEventSink
{
    /// <summary>Queues <paramref name="events"/> of site <paramref name="siteName"/> for delivery.</summary>
    void Offer(string siteName, IReadOnlyList<SiteEventRecord> events);
}
