namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>History of cameras summed into buckets.</summary>
/// <param name="From">Start (inclusive).</param>
/// <param name="To">End (exclusive).</param>
/// <param name="BucketSeconds">Bucket width.</param>
/// <param name="Buckets">Buckets with rows, by start then camera.</param>
public sealed record ActivityView(DateTimeOffset From, DateTimeOffset To, double BucketSeconds, IReadOnlyList<ActivityBucketView> Buckets);
