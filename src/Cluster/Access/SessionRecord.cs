namespace PoseCluster.Cluster.Access;

/// <summary>A dashboard login session, found by the hash of its cookie token (the token itself is never stored).</summary>
/// <param name="UserId">The user.</param>
/// <param name="UserName">The user's name.</param>
/// <param name="Role">The user's current role.</param>
/// <param name="CreatedAt">When the user logged in.</param>
/// <param name="ExpiresAt">When the session ends.</param>
public sealed record SessionRecord(Guid UserId, string UserName, AccessRole Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
