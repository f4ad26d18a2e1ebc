namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A site to create or rename.</summary>
public sealed class SiteInput
{
    /// <summary>Unique name (1-200 characters).</summary>
    public string? Name { get; init; }
}
