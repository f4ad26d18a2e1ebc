namespace PoseCluster.Cluster.Registry;

/// <summary>The node class a camera's processing requires (stored as <c>any|gpu|nuc</c>).</summary>
public enum NodeClassRequirement
{
    /// <summary>Any node class.</summary>
    Any,

    /// <summary>Only GPU servers.</summary>
    Gpu,

    /// <summary>Only small CPU boxes.</summary>
    Nuc,
}
