namespace PoseCluster.Cluster.Sites;

/// <summary>A stored webhook with its delivery counters (never its secret).</summary>
/// <param name="Id">Webhook id.</param>
/// <param name="Name">Name.</param>
/// <param name="Url">Target URL.</param>
/// <param name="SiteId">Only this site's events, or null for all.</param>
/// <param name="EventKinds">Only these kinds; empty = all.</param>
/// <param name="HasSecret">Whether deliveries are signed.</param>
/// <param name="Delivered">Events delivered (a 2xx answer).</param>
/// <param name="Failed">Events given up after the last retry.</param>
/// <param name="LastStatus">The outcome of the last attempt (e.g. <c>200</c>, <c>503</c>, <c>timeout</c>), or null.</param>
/// <param name="LastAttemptAt">When the last attempt was made, or null.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update time.</param>
public sealed record WebhookRecord(
    Guid Id,
    string Name,
    string Url,
    Guid? SiteId,
    IReadOnlyList<string> EventKinds,
    bool HasSecret,
    long Delivered,
    long Failed,
    string? LastStatus,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Whether an event of <paramref name="siteId"/> and <paramref name="kind"/> goes to this webhook.</summary>
    public bool Wants(Guid siteId, string kind) =>
        (SiteId is null || SiteId == siteId) && (EventKinds.Count == 0 || EventKinds.Contains(kind, StringComparer.Ordinal));
}
