using PoseCluster.Pose.Imaging;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// A frame to run a pipeline on. The caller owns <see cref="Image"/> and keeps it alive until the inference task has
/// completed (whatever its outcome): a request that already runs is never abandoned half-way.
/// </summary>
/// <param name="CameraId">The camera the frame comes from.</param>
/// <param name="FrameIndex">Its index in the camera's stream.</param>
/// <param name="Epoch">The camera grain's epoch (results carry it).</param>
/// <param name="Image">The pixels.</param>
/// <param name="Origin">Who asked: <c>local</c>, or the node name of a peer that sent the frame over the data plane.</param>
public sealed record InferenceRequest(Guid CameraId, long FrameIndex, long Epoch, RgbImage Image, string Origin = InferenceRequest.LocalOrigin)
{
    /// <summary>The origin of requests from this node's own cameras.</summary>
    public const string LocalOrigin = "local";
}
