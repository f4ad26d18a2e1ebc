namespace PoseCluster.Pose.Pipelines;

/// <summary>The stages whose time a pipeline reports.</summary>
public enum PipelineStage
{
    /// <summary>Video decoding and scaling (measured by the caller that reads frames).</summary>
    Decode,
    /// <summary>Pre-processing: letterbox, crops, normalisation, packing.</summary>
    Pre,
    /// <summary>Model inference.</summary>
    Inference,
    /// <summary>Post-processing: decoding, grouping, NMS.</summary>
    Post,
}
