namespace PoseCluster.Cluster.Activity;

/// <summary>A history query: the rows of some cameras in a time range, summed into fixed buckets.</summary>
public sealed class ActivityQuery
{
    /// <summary>The most buckets one query may return per camera.</summary>
    public const int MaxBucketsPerCamera = 5000;

    /// <summary>Cameras to include; empty means every camera.</summary>
    public IReadOnlyList<Guid> CameraIds { get; init; } = [];

    /// <summary>Start of the range (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the range (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Bucket width (at least 1 s); buckets are aligned to multiples of it since the Unix epoch. Default 1 min.</summary>
    public TimeSpan Bucket { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (To <= From)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "The history range must end after it starts.");
        }

        if (Bucket < TimeSpan.FromSeconds(1) || Bucket > TimeSpan.FromDays(31))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "The history bucket must be between 1 s and 31 days.");
        }

        if ((To - From).Ticks / Bucket.Ticks > MaxBucketsPerCamera)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"The history range holds more than {MaxBucketsPerCamera} buckets: choose a wider bucket or a shorter range.");
        }

        if (CameraIds.Count > 1000)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A history query may name at most 1000 cameras.");
        }
    }
}
