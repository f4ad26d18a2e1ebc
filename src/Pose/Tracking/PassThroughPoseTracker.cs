namespace PoseCluster.Pose.Tracking;

/// <summary>A tracker that assigns no ids (track id 0): the default until a real tracker is configured.</summary>
public sealed class PassThroughPoseTracker : IPoseTracker
{
    /// <inheritdoc />
    public void Update(PoseFrame frame)
    {
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
