namespace PoseCluster.Grains.Streaming;

/// <summary>How a node's <see cref="PoseStreamHub"/> serves subscribers.</summary>
public sealed class StreamOptions
{
    /// <summary>Messages queued per subscriber before its oldest are dropped. Default 512.</summary>
    public int SubscriberQueueCapacity { get; set; } = 512;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (SubscriberQueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{nameof(SubscriberQueueCapacity)} must be between 1 and 1000000 (was {SubscriberQueueCapacity}).");
        }
    }
}
