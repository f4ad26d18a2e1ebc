namespace PoseCluster.Cluster.Sites;

/// <summary>
/// A webhook: site events are POSTed as JSON to <see cref="Url"/>, signed with HMAC-SHA256 of the body under
/// <see cref="Secret"/> when one is set. The secret is write-only: records say only whether one is set.
/// </summary>
public sealed class WebhookDefinition
{
    /// <summary>Name (1-100 characters).</summary>
    public required string Name { get; init; }

    /// <summary>Absolute http or https URL without user information (use <see cref="Secret"/> to authenticate).</summary>
    public required string Url { get; init; }

    /// <summary>Only events of this site; null = every site.</summary>
    public Guid? SiteId { get; init; }

    /// <summary>Only these event kinds; empty = every kind.</summary>
    public IReadOnlyList<string> EventKinds { get; init; } = [];

    /// <summary>Signing secret (8-200 characters), or null for unsigned deliveries. On update, null keeps the stored one.</summary>
    public string? Secret { get; init; }

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A webhook needs a name of 1-100 characters.");
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || Url.Length > 2000)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A webhook URL must be an absolute http or https URL of at most 2000 characters.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A webhook URL must not carry a user name or password; set a signing secret instead.");
        }

        if (EventKinds.Count > 20 || EventKinds.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 40))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "Webhook event kinds must be at most 20 names of 1-40 characters.");
        }

        if (Secret is { } s && (s.Length < 8 || s.Length > 200))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A webhook secret must be 8-200 characters.");
        }
    }
}
