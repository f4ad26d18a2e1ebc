using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose;

/// <summary>One person in a frame: 17 COCO keypoints, a box, a score and (once tracked) a track id, state and age.</summary>
public struct PersonPose
{
    /// <summary>The 17 keypoints in COCO order (see <see cref="CocoKeypoints"/>).</summary>
    public KeypointSet Keypoints;

    /// <summary>The person's box in image pixels (detector box for top-down, keypoint box for bottom-up).</summary>
    public BoundingBox Box;

    /// <summary>Person confidence (pipeline-specific scale; higher is better).</summary>
    public float Score;

    /// <summary>Track id assigned by the tracker; 0 when untracked.</summary>
    public int TrackId;

    /// <summary>The track's life-cycle state; <see cref="TrackState.None"/> when untracked.</summary>
    public TrackState TrackState;

    /// <summary>Frames since the track started, counting this one (1 on its first frame); 0 when untracked.</summary>
    public int TrackAge;
}
