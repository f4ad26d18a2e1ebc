namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>An API key as listed: its prefix only (the key itself cannot be read back).</summary>
/// <param name="Id">Key id.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
/// <param name="KeyPrefix">The key's first characters.</param>
/// <param name="CreatedAt">Creation time.</param>
public sealed record ApiKeyView(Guid Id, string Name, string Role, string KeyPrefix, DateTimeOffset CreatedAt);
