using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;

namespace PoseCluster.Cluster.Store;

/// <summary>What placement looks at: member silos, cameras, sites and current assignments.</summary>
/// <param name="Silos">Member silos (active and leaving).</param>
/// <param name="Cameras">All cameras.</param>
/// <param name="Sites">All sites.</param>
/// <param name="Assignments">All assignments.</param>
public sealed record ClusterSnapshot(
    IReadOnlyList<SiloInfo> Silos,
    IReadOnlyList<CameraRecord> Cameras,
    IReadOnlyList<SiteRecord> Sites,
    IReadOnlyList<GrainAssignment> Assignments);
