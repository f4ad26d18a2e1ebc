using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Placement;

/// <summary>Reads assignments (writes are leader-only, through <see cref="Leadership.ILeaderLease"/>).</summary>
public interface IAssignmentStore
{
    /// <summary>All assignments, or only those of one silo.</summary>
    Task<IReadOnlyList<GrainAssignment>> ListAssignmentsAsync(Guid? siloId, CancellationToken cancellationToken);

    /// <summary>Member silos, cameras, sites and assignments, read in one transaction.</summary>
    Task<ClusterSnapshot> ReadSnapshotAsync(CancellationToken cancellationToken);
}
