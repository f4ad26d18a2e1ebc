namespace PoseCluster.Cluster.Access;

/// <summary>
/// Users, API keys and login sessions of the gateway. The store holds only hashes: password hashes made by the
/// gateway, and SHA-256 digests of API keys and session tokens. Every method fails with <see cref="ClusterException"/>.
/// </summary>
public interface IAccessStore
{
    /// <summary>Adds a user; a duplicate name fails with <see cref="ClusterErrorCode.Conflict"/>.</summary>
    Task<UserRecord> AddUserAsync(string name, AccessRole role, string passwordHash, CancellationToken cancellationToken);

    /// <summary>A user by name, or null.</summary>
    Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>A user by id, or null.</summary>
    Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>All users by name.</summary>
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes a user's role and, when <paramref name="passwordHash"/> is given, password (which ends the user's
    /// sessions). Demoting the last admin fails with <see cref="ClusterErrorCode.Conflict"/>; an unknown user with
    /// <see cref="ClusterErrorCode.NotFound"/>.
    /// </summary>
    Task<UserRecord> UpdateUserAsync(Guid userId, AccessRole role, string? passwordHash, CancellationToken cancellationToken);

    /// <summary>Deletes a user and their sessions (false when absent); the last admin cannot be deleted (<see cref="ClusterErrorCode.Conflict"/>).</summary>
    Task<bool> DeleteUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Adds an API key by its SHA-256 digest (hex); a digest already stored fails with <see cref="ClusterErrorCode.Conflict"/>.</summary>
    Task<ApiKeyRecord> AddApiKeyAsync(string name, AccessRole role, string keyHash, string keyPrefix, CancellationToken cancellationToken);

    /// <summary>The key with this digest, or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>All API keys, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key; false when absent.</summary>
    Task<bool> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken);

    /// <summary>Starts a session for a user, ending after <paramref name="lifetime"/> (database clock).</summary>
    Task<SessionRecord> AddSessionAsync(string tokenHash, Guid userId, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The unexpired session with this token digest, or null.</summary>
    Task<SessionRecord?> FindSessionAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Ends a session; false when absent.</summary>
    Task<bool> DeleteSessionAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Removes expired sessions; returns how many.</summary>
    Task<int> DeleteExpiredSessionsAsync(CancellationToken cancellationToken);
}
