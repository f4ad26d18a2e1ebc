namespace PoseCluster.Grains.Site;

/// <summary>The latest accepted result of one camera at its site grain.</summary>
/// <param name="CameraId">The camera.</param>
/// <param name="SiloId">The silo that produced it.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Frame">Its frame index.</param>
/// <param name="CapturedAt">When that frame was captured.</param>
/// <param name="Persons">Persons in it.</param>
/// <param name="Accepted">Results accepted from this camera.</param>
/// <param name="RefusedStale">Results refused from this camera as stale.</param>
public sealed record SiteCameraState(Guid CameraId, Guid SiloId, long Epoch, long Frame, DateTimeOffset CapturedAt, int Persons, long Accepted, long RefusedStale);
