namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A user (never with a password or hash).</summary>
/// <param name="Id">User id.</param>
/// <param name="Name">Login name.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record UserView(Guid Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
