namespace PoseCluster.Pose.Tracking;

/// <summary>
/// Assigns stable track ids to the poses of one camera's consecutive frames (sets <see cref="PersonPose.TrackId"/>).
/// One instance per camera; not thread-safe.
/// </summary>
public interface IPoseTracker
{
    /// <summary>Updates the tracks with <paramref name="frame"/> and writes each person's track id into it.</summary>
    void Update(PoseFrame frame);

    /// <summary>Forgets every track (e.g. after the camera reconnects).</summary>
    void Reset();
}
