namespace PoseCluster.AppHost.ClusterBench;

/// <summary>One pose message as a benchmark records it from a silo's stream: which frame of which camera, accepted by whom and when.</summary>
/// <param name="Camera">Camera id.</param>
/// <param name="Silo">The silo that published it (the camera's owner).</param>
/// <param name="Epoch">The owner's epoch (fencing token).</param>
/// <param name="Frame">The source's frame index (consecutive per activation).</param>
/// <param name="CapturedAt">When the frame was read from the camera.</param>
/// <param name="PublishedAt">When the result was published.</param>
/// <param name="ReceivedAt">When the benchmark received it.</param>
/// <param name="LatencyMs">Capture to publication.</param>
internal readonly record struct RecordedPose(
    Guid Camera, string Silo, long Epoch, long Frame, DateTimeOffset CapturedAt, DateTimeOffset PublishedAt, DateTimeOffset ReceivedAt, double LatencyMs);
