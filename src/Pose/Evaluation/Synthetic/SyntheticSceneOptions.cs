namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>The simulated detector of <see cref="SyntheticSceneGenerator"/>: its noise, misses and false positives.</summary>
public sealed class SyntheticSceneOptions
{
    /// <summary>Frames per second. Default 25.</summary>
    public double Fps { get; set; } = 25;

    /// <summary>Keypoint jitter of visible keypoints, as a fraction of the box height (standard deviation). Default 0.012.</summary>
    public double KeypointJitter { get; set; } = 0.012;

    /// <summary>Jitter of occluded keypoints (the detector guesses), fraction of the box height. Default 0.06.</summary>
    public double OccludedKeypointJitter { get; set; } = 0.06;

    /// <summary>Chance that an occluded keypoint snaps to the occluder's same keypoint (identity confusion at crossings). Default 0.4.</summary>
    public double OccluderConfusion { get; set; } = 0.4;

    /// <summary>Box edge jitter, fraction of the box size. Default 0.03.</summary>
    public double BoxJitter { get; set; } = 0.03;

    /// <summary>Chance of missing a person that is visible enough. Default 0.04.</summary>
    public double MissRate { get; set; } = 0.04;

    /// <summary>A person with less than this fraction of its keypoints visible is never detected. Default 0.25.</summary>
    public double MinimumVisibleFraction { get; set; } = 0.25;

    /// <summary>Mean person score of a fully visible person. Default 0.85.</summary>
    public double MeanScore { get; set; } = 0.85;

    /// <summary>Standard deviation of the person score. Default 0.07.</summary>
    public double ScoreNoise { get; set; } = 0.07;

    /// <summary>Mean number of false positives per frame (Poisson). Default 0.3.</summary>
    public double FalsePositivesPerFrame { get; set; } = 0.3;

    /// <summary>Fraction of false positives that score high (0.5..0.7) rather than low (0.1..0.45). Default 0.2.</summary>
    public double HighScoreFalsePositiveFraction { get; set; } = 0.2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Fps > 0))
        {
            throw new ArgumentException($"{nameof(Fps)} must be positive.");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(KeypointJitter), KeypointJitter), (nameof(OccludedKeypointJitter), OccludedKeypointJitter),
                     (nameof(BoxJitter), BoxJitter), (nameof(ScoreNoise), ScoreNoise), (nameof(FalsePositivesPerFrame), FalsePositivesPerFrame),
                 })
        {
            if (!(value >= 0) || !double.IsFinite(value))
            {
                throw new ArgumentException($"{name} must be finite and not negative (got {value}).");
            }
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(OccluderConfusion), OccluderConfusion), (nameof(MissRate), MissRate),
                     (nameof(MinimumVisibleFraction), MinimumVisibleFraction), (nameof(MeanScore), MeanScore),
                     (nameof(HighScoreFalsePositiveFraction), HighScoreFalsePositiveFraction),
                 })
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentException($"{name} must be in [0, 1] (got {value}).");
            }
        }
    }
}
