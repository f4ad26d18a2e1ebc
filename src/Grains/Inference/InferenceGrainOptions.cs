namespace PoseCluster.Grains.Inference;

/// <summary>How a node's inference grains batch and queue work.</summary>
public sealed class InferenceGrainOptions
{
    /// <summary>Most frames per batch (also capped by what the pipeline can combine). Default 8.</summary>
    public int MaxBatch { get; set; } = 8;

    /// <summary>
    /// Longest the first frame of a batch waits for others to join before the batch runs anyway. Default 10 ms: small
    /// against a frame interval, long enough to gather the frames of cameras that tick together.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Workers (pipeline instances, each on its own thread) per pipeline. Default 1.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Frames that may wait; beyond it the oldest waiting frame is dropped (and counted). Default 64.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>
    /// Longest a frame may wait in the queue before it is dropped as stale (and counted) instead of inferred. Default
    /// 1 s: bounds the latency of an overloaded node (a CPU node behind on real models) to about this delay, where a
    /// queue of frames would otherwise hold seconds of backlog. Zero disables the bound.
    /// </summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// In-flight frames (queued plus running) from which the grain reports itself saturated, so that cameras offload
    /// to peers. Default 0: two full batches per worker.
    /// </summary>
    public int SaturationThreshold { get; set; }

    /// <summary>The effective saturation threshold.</summary>
    public int EffectiveSaturationThreshold => SaturationThreshold > 0 ? SaturationThreshold : 2 * MaxBatch * Workers;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxBatch is < 1 or > 256)
        {
            throw new ArgumentException($"{nameof(MaxBatch)} must be between 1 and 256 (was {MaxBatch}).");
        }

        if (MaxWait < TimeSpan.Zero || MaxWait > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{nameof(MaxWait)} must be between 0 and 1 s (was {MaxWait.TotalMilliseconds} ms).");
        }

        if (MaxQueueDelay < TimeSpan.Zero || MaxQueueDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{nameof(MaxQueueDelay)} must be between 0 and 60 s (was {MaxQueueDelay.TotalMilliseconds} ms).");
        }

        if (Workers is < 1 or > 64)
        {
            throw new ArgumentException($"{nameof(Workers)} must be between 1 and 64 (was {Workers}).");
        }

        if (QueueCapacity is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(QueueCapacity)} must be between 1 and 100000 (was {QueueCapacity}).");
        }

        if (SaturationThreshold < 0)
        {
            throw new ArgumentException($"{nameof(SaturationThreshold)} must not be negative (was {SaturationThreshold}).");
        }
    }
}
