using PoseCluster.Cluster.Access;
using PoseCluster.Cluster.Activity;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Store;

/// <summary>
/// The cluster's control-plane store: PostgreSQL in cluster mode, one SQLite file embedded. Open one with
/// <see cref="ClusterStoreFactory.OpenAsync"/>; the schema is created or migrated then.
/// </summary>
public interface IClusterStore : IMembershipStore, ICameraRegistry, IAssignmentStore, IActivityStore, IZoneStore, ISiteStore, IAccessStore, IClusterChangeFeed, IAsyncDisposable
{
    /// <summary>Provider name: <c>postgres</c> or <c>sqlite</c>.</summary>
    string Provider { get; }

    /// <summary>Where the store is (host:port/database or file path), without any password.</summary>
    string Location { get; }
}
