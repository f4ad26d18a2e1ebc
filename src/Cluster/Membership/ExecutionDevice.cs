namespace PoseCluster.Cluster.Membership;

/// <summary>Where a silo runs inference (stored as <c>cuda</c> / <c>cpu</c>).</summary>
public enum ExecutionDevice
{
    /// <summary>CPU execution.</summary>
    Cpu,

    /// <summary>CUDA execution.</summary>
    Cuda,
}
