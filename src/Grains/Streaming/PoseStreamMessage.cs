namespace PoseCluster.Grains.Streaming;

/// <summary>One message of a node's pose stream: a camera, its kind and its JSON text (UTF-8), shared by every subscriber.</summary>
/// <param name="CameraId">The camera it is about.</param>
/// <param name="Kind">Pose or status.</param>
/// <param name="Utf8Json">The JSON object (see <see cref="PoseStreamMessages"/> for the schema).</param>
public sealed record PoseStreamMessage(Guid CameraId, PoseStreamMessageKind Kind, ReadOnlyMemory<byte> Utf8Json);
