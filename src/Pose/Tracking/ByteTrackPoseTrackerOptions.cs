namespace PoseCluster.Pose.Tracking;

/// <summary>Options of the ByteTrack-style pose tracker (<see cref="PoseTrackerFactory.CreateByteTrack"/>).</summary>
public sealed class ByteTrackPoseTrackerOptions
{
    /// <summary>Detections scored at least this are "high" (first stage, may start tracks). Default 0.5 (ByteTrack's <c>track_thresh</c>).</summary>
    public float HighScoreThreshold { get; set; } = 0.5f;

    /// <summary>Detections scored above this and below <see cref="HighScoreThreshold"/> are "low" (second stage only). Default 0.1.</summary>
    public float LowScoreThreshold { get; set; } = 0.1f;

    /// <summary>An unmatched high detection starts a track only when scored at least this. Default 0.6 (ByteTrack's <c>det_thresh</c> = track_thresh + 0.1).</summary>
    public float NewTrackScoreThreshold { get; set; } = 0.6f;

    /// <summary>First stage (high detections vs confirmed and lost tracks): a pair matches only when its cost is below this. Default 0.8 (ByteTrack's <c>match_thresh</c>).</summary>
    public float FirstStageMatchThreshold { get; set; } = 0.8f;

    /// <summary>Second stage (low detections vs the tracks still unmatched): cost limit. Default 0.5 (ByteTrack's value).</summary>
    public float SecondStageMatchThreshold { get; set; } = 0.5f;

    /// <summary>Tentative tracks vs the high detections left: cost limit. Default 0.7 (ByteTrack's value).</summary>
    public float TentativeMatchThreshold { get; set; } = 0.7f;

    /// <summary>A track unmatched for more than this many frames is forgotten. Default 30 (ByteTrack's <c>track_buffer</c> at 30 fps).</summary>
    public int LostTrackBuffer { get; set; } = 30;

    /// <summary>
    /// IoU gate: a track and a detection can match only when the track's predicted box and the detection's box overlap
    /// by more than this. Default 0 (the boxes must overlap at all). Range [0, 1).
    /// </summary>
    public float MinimumBoxIoU { get; set; }

    /// <summary>
    /// The pose cost is 1 - ((1 - w) OKS + w IoU) with this w: OKS separates people whose boxes overlap (crossings),
    /// IoU steadies the cost when keypoints are jittery. Default 0.2. Range [0, 1]; 0 is pure OKS.
    /// </summary>
    public float BoxIoUWeight { get; set; } = 0.2f;

    /// <summary>
    /// The second stage's cost is 1 - IoU (as ByteTrack) when true: low-score detections are mostly occluded people whose
    /// keypoints are unreliable while their box still is. Default true; false uses the pose cost there too.
    /// </summary>
    public bool SecondStageUsesBoxIoU { get; set; } = true;

    /// <summary>A detection keypoint takes part in OKS only when scored above this. Default 0.3.</summary>
    public float KeypointVisibilityThreshold { get; set; } = 0.3f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(LowScoreThreshold >= 0f && LowScoreThreshold < HighScoreThreshold))
        {
            throw new ArgumentException($"{nameof(LowScoreThreshold)} must be in [0, {nameof(HighScoreThreshold)}) (got {LowScoreThreshold}, {HighScoreThreshold}).");
        }

        if (!(NewTrackScoreThreshold >= HighScoreThreshold))
        {
            throw new ArgumentException($"{nameof(NewTrackScoreThreshold)} must be at least {nameof(HighScoreThreshold)} (got {NewTrackScoreThreshold}).");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(FirstStageMatchThreshold), FirstStageMatchThreshold),
                     (nameof(SecondStageMatchThreshold), SecondStageMatchThreshold),
                     (nameof(TentativeMatchThreshold), TentativeMatchThreshold),
                 })
        {
            if (!(value > 0f && value <= 1f))
            {
                throw new ArgumentException($"{name} must be in (0, 1] (got {value}).");
            }
        }

        if (LostTrackBuffer < 0)
        {
            throw new ArgumentException($"{nameof(LostTrackBuffer)} must not be negative (got {LostTrackBuffer}).");
        }

        if (!(MinimumBoxIoU >= 0f && MinimumBoxIoU < 1f))
        {
            throw new ArgumentException($"{nameof(MinimumBoxIoU)} must be in [0, 1) (got {MinimumBoxIoU}).");
        }

        if (!(BoxIoUWeight >= 0f && BoxIoUWeight <= 1f))
        {
            throw new ArgumentException($"{nameof(BoxIoUWeight)} must be in [0, 1] (got {BoxIoUWeight}).");
        }

        if (!float.IsFinite(KeypointVisibilityThreshold))
        {
            throw new ArgumentException($"{nameof(KeypointVisibilityThreshold)} must be finite.");
        }
    }
}
