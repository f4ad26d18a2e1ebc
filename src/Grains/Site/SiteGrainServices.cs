using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Streaming;
using PoseCluster.Grains.Topology;

namespace PoseCluster.Grains.Site;

/// <summary>What this node's site grains use.</summary>
/// <param name="Store">Calibrations, zones and the fenced site history.</param>
/// <param name="Node">This node's name.</param>
/// <param name="View">Current assignments (fencing of camera results).</param>
/// <param name="Directory">The node's active site grains.</param>
/// <param name="Stream">Where live snapshots go.</param>
/// <param name="Events">Where stored events go next (webhooks).</param>
/// <param name="Options">Site grain options.</param>
/// <param name="Metrics">The site grains' instruments.</param>
/// <param name="Logger">Logging.</param>
public sealed record SiteGrainServices(
    IClusterStore Store,
    string Node,
    ClusterView View,
    SiteDirectory Directory,
    PoseStreamHub Stream,
    ISiteEventSink Events,
    SiteGrainOptions Options,
    SiteGrainMetrics Metrics,
    ILogger Logger);
