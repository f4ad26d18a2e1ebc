namespace PoseCluster.Cluster.Sites;

/// <summary>A site history query: the rows of a site (all zones, or one; the whole-site row is zone "") in a range, summed into buckets.</summary>
public sealed class SiteActivityQuery
{
    /// <summary>The site.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>Only this zone ("" = the whole-site rows); null = every zone and the whole site.</summary>
    public string? Zone { get; init; }

    /// <summary>Start of the range (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the range (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Bucket width (1 s to 31 days), aligned to multiples of it since the Unix epoch. Default 1 min.</summary>
    public TimeSpan Bucket { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate() => new Activity.ActivityQuery { From = From, To = To, Bucket = Bucket }.Validate();
}
