namespace PoseCluster.Cluster.Sites;

/// <summary>A query of a site's stored events: a time range, optionally some kinds, newest first, at most <see cref="Limit"/>.</summary>
public sealed class SiteEventQuery
{
    /// <summary>The most events one query may return.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The site.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>Start of the range (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the range (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Kinds to include; empty means all.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>The most events to return (1..<see cref="MaxLimit"/>, default 100).</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (To <= From)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "The event range must end after it starts.");
        }

        if (Limit is < 1 or > MaxLimit)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"The event limit must be between 1 and {MaxLimit}.");
        }

        if (Kinds.Count > 20 || Kinds.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 40))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "Event kinds must be at most 20 names of 1-40 characters.");
        }
    }
}
