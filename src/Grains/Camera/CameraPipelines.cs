namespace PoseCluster.Grains.Camera;

/// <summary>How a camera's pipeline setting becomes the pipeline that runs.</summary>
public static class CameraPipelines
{
    /// <summary>The pipeline <c>auto</c> runs until the adaptive choice exists.</summary>
    public const string AutoDefault = "topdown";

    /// <summary>The pipeline to run for a camera's setting: <c>auto</c> is <see cref="AutoDefault"/>, others are themselves.</summary>
    public static string Resolve(string pipeline) =>
        string.Equals(pipeline, Cluster.Placement.PipelineCatalog.Auto, StringComparison.OrdinalIgnoreCase) ? AutoDefault : pipeline;
}
