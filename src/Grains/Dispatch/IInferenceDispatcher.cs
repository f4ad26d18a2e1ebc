using PoseCluster.Grains.Inference;

namespace PoseCluster.Grains.Dispatch;

/// <summary>
/// Where a camera's frame is inferred: on this node's inference grain when it serves the pipeline and is not
/// saturated, otherwise on a capable peer chosen by the selection policy (JPEG over the data plane), falling back to
/// the local grain. Fails with <see cref="InferenceRejectedException"/> when no node can take the frame.
/// </summary>
public interface IInferenceDispatcher
{
    /// <summary>Infers <paramref name="request"/> with <paramref name="pipeline"/> somewhere in the cluster.</summary>
    Task<InferenceResult> DispatchAsync(string pipeline, InferenceRequest request, CancellationToken cancellationToken);

    /// <summary>Whether this node or a live peer serves <paramref name="pipeline"/> now (an adaptive camera switches only to a served pipeline).</summary>
    bool CanServe(string pipeline);
}
