using PoseCluster.Grains.Inference;

namespace PoseCluster.Grains.Dispatch;

/// <summary>
/// Sends a frame to a peer's inference grain over the data plane (the host implements it: JPEG over HTTP). Throws
/// <see cref="RemoteInferenceException"/> on any failure; it must not keep using the request's image after it returns.
/// </summary>
public interface IRemoteInferenceClient
{
    /// <summary>Runs <paramref name="pipeline"/> on the request's frame at <paramref name="peer"/>.</summary>
    Task<InferenceResult> InferAsync(InferencePeer peer, string pipeline, InferenceRequest request, CancellationToken cancellationToken);
}
