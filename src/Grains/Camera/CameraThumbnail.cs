namespace PoseCluster.Grains.Camera;

/// <summary>A camera's latest frame as JPEG.</summary>
/// <param name="Jpeg">The JPEG bytes.</param>
/// <param name="Frame">The frame index.</param>
/// <param name="CapturedAt">When the frame was captured.</param>
public sealed record CameraThumbnail(byte[] Jpeg, long Frame, DateTimeOffset CapturedAt);
