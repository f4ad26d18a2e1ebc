namespace PoseCluster.Pose.Nms;

/// <summary><see cref="OksNmsMode.None"/>: leaves the frame exactly as the pipeline produced it.</summary>
internal sealed class DisabledPoseNms : IPoseNms
{
    public void Apply(PoseFrame frame) => ArgumentNullException.ThrowIfNull(frame);
}
