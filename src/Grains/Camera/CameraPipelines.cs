namespace PoseCluster.Grains.Camera;

/// <summary>How a camera's pipeline setting becomes the pipeline that runs.</summary>
public static class CameraPipelines
{
    /// <summary>Whether the setting is <c>auto</c> (adaptive top-down/bottom-up).</summary>
    public static bool IsAuto(string pipeline) => string.Equals(pipeline, Cluster.Placement.PipelineCatalog.Auto, StringComparison.OrdinalIgnoreCase);
}
