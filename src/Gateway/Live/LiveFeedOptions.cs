namespace PoseCluster.Gateway.Live;

/// <summary>The live feed: how the gateway follows the silos' pose streams and feeds browsers.</summary>
public sealed class LiveFeedOptions
{
    /// <summary>Messages queued per browser connection before the oldest is dropped (and counted). Default 256.</summary>
    public int ClientQueueCapacity { get; set; } = 256;

    /// <summary>How often each browser gets its own delivery statistics. Default 2 s.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the cluster state is re-read besides change notifications. Default 2 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A streaming camera without a pose for this long shows as stalled. Default 3 s.</summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>First wait before reconnecting to a silo's stream (doubles up to <see cref="ReconnectMax"/>). Default 0.25 s.</summary>
    public TimeSpan ReconnectInitial { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnections. Default 5 s.</summary>
    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Timeout of a request to a silo (thumbnail, node details). Default 3 s.</summary>
    public TimeSpan SiloRequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a fetched thumbnail is served to other browsers before it is fetched again. Default 0.5 s.</summary>
    public TimeSpan ThumbnailCacheDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a node that left or died stays in the nodes view. Default 10 min.</summary>
    public TimeSpan NodeRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How much live zone occupancy (1 s samples) is kept for the site charts. Default 1 h.</summary>
    public TimeSpan OccupancyHistory { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (ClientQueueCapacity is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(ClientQueueCapacity)} must be between 1 and 100000 (was {ClientQueueCapacity}).");
        }

        Check(StatsInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), nameof(StatsInterval));
        Check(RefreshInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), nameof(RefreshInterval));
        Check(StallAfter, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5), nameof(StallAfter));
        Check(ReconnectInitial, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), nameof(ReconnectInitial));
        Check(ReconnectMax, ReconnectInitial, TimeSpan.FromMinutes(5), nameof(ReconnectMax));
        Check(SiloRequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), nameof(SiloRequestTimeout));
        Check(ThumbnailCacheDuration, TimeSpan.Zero, TimeSpan.FromMinutes(1), nameof(ThumbnailCacheDuration));
        Check(NodeRetention, TimeSpan.Zero, TimeSpan.FromDays(7), nameof(NodeRetention));
        Check(OccupancyHistory, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), nameof(OccupancyHistory));
    }

    private static void Check(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"{name} must be between {min.TotalSeconds} s and {max.TotalSeconds} s (was {value.TotalSeconds} s).");
        }
    }
}
