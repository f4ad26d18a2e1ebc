namespace PoseCluster.Cluster;

/// <summary>Categories of <see cref="ClusterException"/>.</summary>
public enum ClusterErrorCode
{
    /// <summary>The cluster store could not be reached or opened.</summary>
    StoreUnreachable,

    /// <summary>The store's schema is newer than this code understands.</summary>
    SchemaTooNew,

    /// <summary>A live silo already uses the node name.</summary>
    NodeNameConflict,

    /// <summary>The credential key differs from the one the cluster's credentials were encrypted with.</summary>
    SecretKeyMismatch,

    /// <summary>The credential key is missing or malformed.</summary>
    SecretKeyInvalid,

    /// <summary>A referenced camera, site or silo does not exist.</summary>
    NotFound,

    /// <summary>The change conflicts with existing data (duplicate name, site still has cameras...).</summary>
    Conflict,

    /// <summary>The request is malformed (bad URL, unknown node class...).</summary>
    Invalid,

    /// <summary>A leader-only write was attempted without holding leadership.</summary>
    NotLeader,
}
