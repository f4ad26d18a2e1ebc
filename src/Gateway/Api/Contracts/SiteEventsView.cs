namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A site's stored events in a range, newest first.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="From">Start of the range.</param>
/// <param name="To">End of the range.</param>
/// <param name="Events">The events (at most the query's limit).</param>
public sealed record SiteEventsView(Guid SiteId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SiteEventView> Events);
