namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A webhook with its delivery counters; never its secret.</summary>
/// <param name="Id">Webhook id.</param>
/// <param name="Name">Name.</param>
/// <param name="Url">Target URL.</param>
/// <param name="SiteId">Only this site's events, or null for all.</param>
/// <param name="Site">That site's name.</param>
/// <param name="EventKinds">Only these kinds; empty = all.</param>
/// <param name="HasSecret">Whether deliveries are signed.</param>
/// <param name="Delivered">Events delivered.</param>
/// <param name="Failed">Events given up after the last retry.</param>
/// <param name="LastStatus">Outcome of the last attempt (e.g. 200, 503, timeout), or null.</param>
/// <param name="LastAttemptAt">When the last attempt was made, or null.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record WebhookView(
    Guid Id,
    string Name,
    string Url,
    Guid? SiteId,
    string? Site,
    IReadOnlyList<string> EventKinds,
    bool HasSecret,
    long Delivered,
    long Failed,
    string? LastStatus,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
