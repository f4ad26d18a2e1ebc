using PoseCluster.Cluster.Sites;

namespace PoseCluster.Grains.Site;

/// <summary>What a site grain publishes on its node's stream about once a second (see <see cref="Streaming.PoseStreamMessages.Site"/>).</summary>
/// <param name="SiteId">The site.</param>
/// <param name="SiteName">Its name.</param>
/// <param name="Node">The node running the site grain.</param>
/// <param name="SiloId">That node's silo incarnation.</param>
/// <param name="Epoch">The site grain's epoch.</param>
/// <param name="At">When the snapshot was taken.</param>
/// <param name="Identities">People on the floor plan now.</param>
/// <param name="Zones">Floor zones with their counts.</param>
/// <param name="Cameras">The site's cameras.</param>
/// <param name="Events">Events raised since the previous snapshot.</param>
public sealed record SiteLiveSnapshot(
    Guid SiteId,
    string SiteName,
    string Node,
    Guid SiloId,
    long Epoch,
    DateTimeOffset At,
    IReadOnlyList<SiteLiveIdentity> Identities,
    IReadOnlyList<SiteLiveZone> Zones,
    IReadOnlyList<SiteLiveCamera> Cameras,
    IReadOnlyList<SiteEventRecord> Events);
