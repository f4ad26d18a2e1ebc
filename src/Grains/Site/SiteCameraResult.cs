using PoseCluster.Pose;

namespace PoseCluster.Grains.Site;

/// <summary>
/// What a camera grain tells its site grain about one processed frame. It carries the camera grain's silo and epoch:
/// the site grain accepts it only while that is the camera's current assignment.
/// </summary>
/// <param name="SiteId">The site.</param>
/// <param name="CameraId">The camera.</param>
/// <param name="SiloId">The silo incarnation that ran the camera grain.</param>
/// <param name="Epoch">The camera grain's epoch (fencing token).</param>
/// <param name="Frame">Frame index in the camera's stream.</param>
/// <param name="CapturedAt">When the frame was captured.</param>
/// <param name="Poses">The frame's tracked poses (the site grain's own copy; image size set).</param>
public sealed record SiteCameraResult(Guid SiteId, Guid CameraId, Guid SiloId, long Epoch, long Frame, DateTimeOffset CapturedAt, PoseFrame Poses)
{
    /// <summary>Persons in the frame.</summary>
    public int Persons => Poses.Count;
}
