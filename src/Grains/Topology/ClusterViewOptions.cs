namespace PoseCluster.Grains.Topology;

/// <summary>How a <see cref="ClusterView"/> keeps itself fresh.</summary>
public sealed class ClusterViewOptions
{
    /// <summary>Re-read interval without notifications (the safety net for lost ones). Default 1 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Shortest interval between forced re-reads. Default 50 ms.</summary>
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"{nameof(RefreshInterval)} must be between 100 ms and 5 min (was {RefreshInterval.TotalMilliseconds} ms).");
        }

        if (MinRefreshInterval < TimeSpan.Zero || MinRefreshInterval > RefreshInterval)
        {
            throw new ArgumentException($"{nameof(MinRefreshInterval)} must be between 0 and {nameof(RefreshInterval)} (was {MinRefreshInterval.TotalMilliseconds} ms).");
        }
    }
}
