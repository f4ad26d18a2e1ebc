namespace PoseCluster.Pose.Tracking;

/// <summary>Options of the greedy OKS baseline tracker (<see cref="PoseTrackerFactory.CreateGreedyOks"/>).</summary>
public sealed class GreedyOksPoseTrackerOptions
{
    /// <summary>Detections scored below this are left untracked. Default 0.5 (the ByteTrack tracker's high-score split, for a like-for-like comparison).</summary>
    public float MinimumScore { get; set; } = 0.5f;

    /// <summary>A track and a detection match only when their OKS is at least this. Default 0.5 (the usual greedy pose-tracking threshold).</summary>
    public float MatchThreshold { get; set; } = 0.5f;

    /// <summary>A track unmatched for more than this many frames is forgotten. Default 30 (as the ByteTrack tracker).</summary>
    public int LostTrackBuffer { get; set; } = 30;

    /// <summary>A keypoint takes part in OKS only when scored above this. Default 0.3.</summary>
    public float KeypointVisibilityThreshold { get; set; } = 0.3f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!float.IsFinite(MinimumScore))
        {
            throw new ArgumentException($"{nameof(MinimumScore)} must be finite.");
        }

        if (!(MatchThreshold > 0f && MatchThreshold <= 1f))
        {
            throw new ArgumentException($"{nameof(MatchThreshold)} must be in (0, 1] (got {MatchThreshold}).");
        }

        if (LostTrackBuffer < 0)
        {
            throw new ArgumentException($"{nameof(LostTrackBuffer)} must not be negative (got {LostTrackBuffer}).");
        }

        if (!float.IsFinite(KeypointVisibilityThreshold))
        {
            throw new ArgumentException($"{nameof(KeypointVisibilityThreshold)} must be finite.");
        }
    }
}
