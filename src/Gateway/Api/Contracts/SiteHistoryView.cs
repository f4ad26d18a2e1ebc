namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A site's occupancy history per zone, summed into buckets.</summary>
/// <param name="SiteId">Site id.</param>
/// <param name="From">Start of the range.</param>
/// <param name="To">End of the range.</param>
/// <param name="BucketSeconds">Bucket width.</param>
/// <param name="Buckets">Buckets by start then zone; buckets without rows are left out.</param>
public sealed record SiteHistoryView(Guid SiteId, DateTimeOffset From, DateTimeOffset To, double BucketSeconds, IReadOnlyList<SiteHistoryBucketView> Buckets);
