using PoseCluster.Cluster.Sites;

namespace PoseCluster.Grains.Site;

/// <summary>A sink that delivers nothing (nodes and tests without webhook delivery).</summary>
public sealed class NoSiteEventSink : ISiteEventSink
{
    /// <inheritdoc />
    public void Offer(string siteName, IReadOnlyList<SiteEventRecord> events)
    {
    }
}
