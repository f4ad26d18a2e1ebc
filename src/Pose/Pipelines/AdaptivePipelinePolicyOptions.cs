namespace PoseCluster.Pose.Pipelines;

/// <summary>Options of <see cref="AdaptivePipelinePolicy"/> (a camera's <c>pipeline: auto</c>).</summary>
public sealed class AdaptivePipelinePolicyOptions
{
    /// <summary>The pipeline for small crowds (its cost grows with the number of people). Default "topdown".</summary>
    public string TopDownPipeline { get; set; } = "topdown";

    /// <summary>The pipeline for crowds (its cost hardly depends on the number of people). Default "bottomup-paf".</summary>
    public string BottomUpPipeline { get; set; } = "bottomup-paf";

    /// <summary>Switch to bottom-up when at least this many people are seen. Default 8.</summary>
    public int SwitchToBottomUpAt { get; set; } = 8;

    /// <summary>Switch back to top-down when at most this many people are seen (below the upper threshold: hysteresis). Default 5.</summary>
    public int SwitchToTopDownAt { get; set; } = 5;

    /// <summary>A switch needs this many consecutive frames past its threshold, so one crowded or empty frame does not flip the pipeline. Default 15.</summary>
    public int ConsecutiveFrames { get; set; } = 15;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TopDownPipeline) || string.IsNullOrWhiteSpace(BottomUpPipeline))
        {
            throw new ArgumentException("Both pipeline names must be set.");
        }

        if (SwitchToTopDownAt < 0 || SwitchToBottomUpAt <= SwitchToTopDownAt)
        {
            throw new ArgumentException(
                $"{nameof(SwitchToBottomUpAt)} ({SwitchToBottomUpAt}) must be above {nameof(SwitchToTopDownAt)} ({SwitchToTopDownAt}), which must not be negative.");
        }

        if (ConsecutiveFrames < 1)
        {
            throw new ArgumentException($"{nameof(ConsecutiveFrames)} must be at least 1 (got {ConsecutiveFrames}).");
        }
    }
}
