namespace PoseCluster.Gateway.Live;

/// <summary>One browser connection's delivery counters.</summary>
/// <param name="Sent">Messages delivered.</param>
/// <param name="Dropped">Messages dropped because the browser read too slowly (oldest first).</param>
/// <param name="Throttled">Pose messages skipped to keep the subscription's rate limit.</param>
/// <param name="Queued">Messages waiting now.</param>
/// <param name="QueueCapacity">The queue's size.</param>
public sealed record LiveClientStats(long Sent, long Dropped, long Throttled, int Queued, int QueueCapacity);
