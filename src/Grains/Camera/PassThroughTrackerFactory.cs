using PoseCluster.Pose.Tracking;

namespace PoseCluster.Grains.Camera;

/// <summary>Trackers that assign no ids (the default until the tracking work plugs a real tracker in).</summary>
public sealed class PassThroughTrackerFactory : IPoseTrackerFactory
{
    /// <inheritdoc />
    public IPoseTracker Create(Guid cameraId) => new PassThroughPoseTracker();
}
