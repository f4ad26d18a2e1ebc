namespace PoseCluster.Grains.Site;

/// <summary>How a node forwards camera results to site grains.</summary>
public sealed class SiteRoutingOptions
{
    /// <summary>Results waiting to be forwarded before the oldest are dropped (and counted). Default 4096.</summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>How long results are gathered into one delivery per site. Default 200 ms.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Most results per delivery. Default 512.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (QueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{nameof(QueueCapacity)} must be between 1 and 1000000 (was {QueueCapacity}).");
        }

        if (BatchInterval < TimeSpan.Zero || BatchInterval > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException($"{nameof(BatchInterval)} must be between 0 and 10 s (was {BatchInterval.TotalMilliseconds} ms).");
        }

        if (MaxBatch is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(MaxBatch)} must be between 1 and 100000 (was {MaxBatch}).");
        }
    }
}
