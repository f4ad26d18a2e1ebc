using PoseCluster.Cluster.Sites;

namespace PoseCluster.Silo.Webhooks;

/// <summary>A site event waiting for delivery, with its payload (serialized once for every webhook that wants it).</summary>
/// <param name="SiteName">The site's name.</param>
/// <param name="Event">The event.</param>
/// <param name="Body">The JSON body, or null until the event is routed.</param>
internal sealed record WebhookEvent(string SiteName, SiteEventRecord Event, byte[]? Body = null);
