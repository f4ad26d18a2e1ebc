namespace PoseCluster.Cluster.Placement;

/// <summary>
/// Pipeline knowledge the host provides (the cluster does not reference the vision engine).
/// </summary>
public interface IPipelineCatalog
{
    /// <summary>
    /// The requirement of a pipeline (<c>auto</c> included), or null when the name is unknown (the camera is then
    /// left unplaced with that reason).
    /// </summary>
    PipelineRequirement? Resolve(string pipeline);
}
