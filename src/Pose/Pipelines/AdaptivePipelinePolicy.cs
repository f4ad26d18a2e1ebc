namespace PoseCluster.Pose.Pipelines;

/// <summary>
/// Picks a camera's pipeline from the number of people it sees: top-down while the crowd is small (its cost grows with
/// each person's crop), bottom-up once the crowd grows (one pass whatever the count), with hysteresis (separate
/// thresholds up and down) and a run of consecutive frames needed before each switch. Starts top-down. Not thread-safe.
/// </summary>
public sealed class AdaptivePipelinePolicy
{
    private readonly AdaptivePipelinePolicyOptions _options;
    private int _run;

    /// <summary>Creates a policy with <paramref name="options"/>.</summary>
    public AdaptivePipelinePolicy(AdaptivePipelinePolicyOptions? options = null)
    {
        _options = options ?? new AdaptivePipelinePolicyOptions();
        _options.Validate();
    }

    /// <summary>Whether the bottom-up pipeline is the current choice.</summary>
    public bool UsesBottomUp { get; private set; }

    /// <summary>The name of the pipeline to use now.</summary>
    public string Current => UsesBottomUp ? _options.BottomUpPipeline : _options.TopDownPipeline;

    /// <summary>Records that the last frame had <paramref name="people"/> people and returns the pipeline for the next frame.</summary>
    public string Decide(int people)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        var pastThreshold = UsesBottomUp ? people <= _options.SwitchToTopDownAt : people >= _options.SwitchToBottomUpAt;
        _run = pastThreshold ? _run + 1 : 0;
        if (_run >= _options.ConsecutiveFrames)
        {
            UsesBottomUp = !UsesBottomUp;
            _run = 0;
        }

        return Current;
    }

    /// <summary>Back to top-down with no history (e.g. after the camera reconnects).</summary>
    public void Reset()
    {
        UsesBottomUp = false;
        _run = 0;
    }
}
