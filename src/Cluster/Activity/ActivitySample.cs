namespace PoseCluster.Cluster.Activity;

/// <summary>
/// One activity-history row for a camera: what its grain measured over a short interval. Rows carry the writer's
/// silo and epoch so the store can refuse rows from a grain that no longer holds the camera.
/// </summary>
/// <param name="CameraId">Camera.</param>
/// <param name="Timestamp">End of the measured interval.</param>
/// <param name="SiloId">Writing silo.</param>
/// <param name="Epoch">The writer's assignment epoch (fencing token).</param>
/// <param name="Frames">Frames processed.</param>
/// <param name="PersonsAvg">Mean persons per frame.</param>
/// <param name="PersonsMax">Most persons in one frame.</param>
/// <param name="FpsIn">Frames per second received.</param>
/// <param name="FpsOut">Frames per second processed.</param>
/// <param name="Drops">Frames dropped.</param>
public sealed record ActivitySample(
    Guid CameraId,
    DateTimeOffset Timestamp,
    Guid SiloId,
    long Epoch,
    int Frames,
    float PersonsAvg,
    int PersonsMax,
    float FpsIn,
    float FpsOut,
    int Drops);
