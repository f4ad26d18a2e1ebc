namespace PoseCluster.Grains.Streaming;

/// <summary>The fields of a pose message besides the poses.</summary>
/// <param name="CameraId">Camera.</param>
/// <param name="CameraName">Camera name.</param>
/// <param name="Node">The silo running the camera.</param>
/// <param name="SiloId">That silo's incarnation id.</param>
/// <param name="Epoch">The camera grain's epoch (fencing token).</param>
/// <param name="InferenceNode">The node that ran inference (this one, or a peer).</param>
/// <param name="CapturedAt">When the frame was read from the camera.</param>
/// <param name="PublishedAt">When the result was published.</param>
/// <param name="FpsIn">Frames per second read.</param>
/// <param name="FpsOut">Frames per second processed.</param>
/// <param name="Drops">Frames dropped by this activation so far.</param>
/// <param name="LatencyMs">Capture to publication, milliseconds.</param>
/// <param name="BatchSize">Frames in the inference batch that carried this one.</param>
/// <param name="Pipeline">The pipeline that ran (for <c>auto</c> cameras, the one the adaptive policy chose).</param>
public readonly record struct PoseMessageFields(
    Guid CameraId,
    string CameraName,
    string Node,
    Guid SiloId,
    long Epoch,
    string InferenceNode,
    DateTimeOffset CapturedAt,
    DateTimeOffset PublishedAt,
    double FpsIn,
    double FpsOut,
    long Drops,
    double LatencyMs,
    int BatchSize,
    string Pipeline);
