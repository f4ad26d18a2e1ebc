namespace PoseCluster.Cluster.Membership;

/// <summary>The kind of machine a silo runs on (stored as <c>gpu</c> / <c>nuc</c>).</summary>
public enum NodeClass
{
    /// <summary>A GPU server.</summary>
    Gpu,

    /// <summary>A small CPU box.</summary>
    Nuc,
}
