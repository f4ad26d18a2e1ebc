using PoseCluster.Pose.Tracking;

namespace PoseCluster.Grains.Camera;

/// <summary>The per-camera tracker hook: each camera grain activation gets its own <see cref="IPoseTracker"/>.</summary>
public interface IPoseTrackerFactory
{
    /// <summary>A new tracker for <paramref name="cameraId"/>.</summary>
    IPoseTracker Create(Guid cameraId);
}
