namespace PoseCluster.Cluster.Registry;

/// <summary>A site: a group of cameras fused on one ground plane (the site grain's key is its id).</summary>
/// <param name="Id">Site id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update time.</param>
public sealed record SiteRecord(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
