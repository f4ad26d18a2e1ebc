namespace PoseCluster.Pose.Nms;

/// <summary>Where pose NMS takes the object area (the s^2 of OKS) of a pose from.</summary>
public enum OksAreaSource
{
    /// <summary>
    /// The pose's <see cref="PersonPose.Box"/> area (detector box for top-down, keypoint box for bottom-up), falling back
    /// to the keypoint extent when the box is empty. This is what mmpose's <c>oks_nms</c> is fed by its top-down heads.
    /// </summary>
    Box,

    /// <summary>The area of the tight box around the keypoints whose score is above the visibility threshold.</summary>
    KeypointExtent,
}
