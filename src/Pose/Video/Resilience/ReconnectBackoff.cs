namespace PoseCluster.Pose.Video.Resilience;

/// <summary>Exponential backoff with jitter.</summary>
internal static class ReconnectBackoff
{
    /// <summary>
    /// The wait before the attempt that follows <paramref name="failures"/> consecutive failures (1 = the first):
    /// initial x 2^(failures-1), capped, then spread by the jitter; <paramref name="unitRandom"/> is in [0, 1).
    /// </summary>
    public static TimeSpan Delay(ResilientFrameSourceOptions options, int failures, double unitRandom)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var seconds = Math.Min(options.MaxBackoff.TotalSeconds, options.InitialBackoff.TotalSeconds * Math.Pow(2, exponent));
        seconds *= 1 + (options.Jitter * ((2 * unitRandom) - 1));
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }
}
