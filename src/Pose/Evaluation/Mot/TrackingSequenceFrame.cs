namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>One frame of a <see cref="TrackingSequence"/>.</summary>
/// <param name="Truth">Ground truth: id in <see cref="PersonPose.TrackId"/>; keypoint score &gt; 0 = labelled (all 0 when the file has no keypoints).</param>
/// <param name="Detections">Detector output (untracked) for the tracker.</param>
public sealed record TrackingSequenceFrame(PoseFrame Truth, PoseFrame Detections);
