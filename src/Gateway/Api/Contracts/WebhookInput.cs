namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A webhook to add or replace. The secret is write-only: it is never returned.</summary>
public sealed class WebhookInput
{
    /// <summary>Name (1-100 characters).</summary>
    public string? Name { get; init; }

    /// <summary>Absolute http or https URL without user information.</summary>
    public string? Url { get; init; }

    /// <summary>Only events of this site; null or absent: every site.</summary>
    public Guid? SiteId { get; init; }

    /// <summary>Only these event kinds; null or empty: every kind.</summary>
    public IReadOnlyList<string>? EventKinds { get; init; }

    /// <summary>HMAC-SHA256 signing secret (8-200 characters); on update, absent keeps the stored one.</summary>
    public string? Secret { get; init; }
}
