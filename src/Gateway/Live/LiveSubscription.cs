namespace PoseCluster.Gateway.Live;

/// <summary>What a browser asks the live hub for (<c>Subscribe</c>).</summary>
public sealed class LiveSubscription
{
    /// <summary>Cameras to receive; null or empty: every camera.</summary>
    public IReadOnlyList<Guid>? Cameras { get; init; }

    /// <summary>Sites whose live snapshots to receive; null or empty: none (site snapshots are opt-in).</summary>
    public IReadOnlyList<Guid>? Sites { get; init; }

    /// <summary>Most pose messages per second and camera; 0 or null: every frame.</summary>
    public double? MaxFps { get; init; }
}

/// <summary>The hub's answer to <c>Subscribe</c>.</summary>
/// <param name="Cameras">Cameras subscribed (0 = all).</param>
/// <param name="MaxFps">Rate limit per camera (0 = none).</param>
/// <param name="QueueCapacity">The connection's queue size.</param>
/// <param name="Sites">Sites subscribed.</param>
public sealed record LiveSubscriptionResult(int Cameras, double MaxFps, int QueueCapacity, int Sites = 0);
