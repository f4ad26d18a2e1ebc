namespace PoseCluster.Grains.Inference;

/// <summary>
/// A node's worker for one pipeline (one per pipeline per node, not placed by the director): it owns the pipeline
/// instances over the node's shared model sessions, batches frames of all cameras (local and remote) up to a maximum
/// batch and wait, and accounts for the work it has accepted.
/// </summary>
public interface IInferenceGrain
{
    /// <summary>The pipeline it runs (e.g. <c>topdown</c>).</summary>
    string Pipeline { get; }

    /// <summary>The catalog models the pipeline uses.</summary>
    IReadOnlyList<string> Models { get; }

    /// <summary>Requests accepted and not yet completed (queued plus running).</summary>
    int InFlight { get; }

    /// <summary>Requests waiting for a worker.</summary>
    int QueueDepth { get; }

    /// <summary>True when more work is waiting than the workers can start soon (<see cref="InferenceGrainOptions.SaturationThreshold"/>).</summary>
    bool IsSaturated { get; }

    /// <summary>Frames processed per second recently.</summary>
    double FramesPerSecond { get; }

    /// <summary>
    /// Runs the pipeline on a frame, batched with others. Fails with <see cref="InferenceRejectedException"/> when the
    /// queue dropped it as the oldest; <paramref name="cancellationToken"/> withdraws it only while it still waits.
    /// </summary>
    Task<InferenceResult> InferAsync(InferenceRequest request, CancellationToken cancellationToken);
}
