namespace PoseCluster.Grains.Inference;

/// <summary>
/// Inference could not be done for a frame: the inference queue was full and dropped it as the oldest, no live node
/// serves the pipeline, or every capable peer failed. The message says which; it holds no secrets.
/// </summary>
public sealed class InferenceRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InferenceRejectedException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Short machine-readable reason (a metric tag): <c>queue_full</c>, <c>no_capable_node</c>, <c>remote_failed</c>, <c>failed</c>.</summary>
    public string Reason { get; }
}
