using Microsoft.Data.Sqlite;
using PoseCluster.Cluster.Access;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>Users, API keys and sessions.</summary>
internal sealed partial class SqliteClusterStore
{
    public async Task<UserRecord> AddUserAsync(string name, AccessRole role, string passwordHash, CancellationToken cancellationToken)
    {
        AccessValidation.User(name, passwordHash);
        var id = Guid.CreateVersion7();
        try
        {
            return await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using (var insert = Command(connection, tx, $"insert into cluster_users (id, name, role, password_hash, created_at, updated_at) values (@id, @n, @r, @h, {Now}, {Now})")
                        .With("@id", SqliteRows.Id(id)).With("@n", name).With("@r", WireNames.Of(role)).With("@h", passwordHash))
                    {
                        insert.ExecuteNonQuery();
                    }

                    var row = ReadUser(connection, tx, "id = @k", SqliteRows.Id(id))!;
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A user named '{name}' already exists.");
        }
    }

    public Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadUser(connection, null, "name = @k", name), cancellationToken);

    public Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadUser(connection, null, "id = @k", SqliteRows.Id(userId)), cancellationToken);

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<UserRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.UserColumns} from cluster_users order by name");
                return SqliteRows.List(read, SqliteRows.User);
            },
            cancellationToken);

    public Task<UserRecord> UpdateUserAsync(Guid userId, AccessRole role, string? passwordHash, CancellationToken cancellationToken)
    {
        if (passwordHash is not null)
        {
            AccessValidation.User("x", passwordHash);
        }

        return RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                var user = ReadUser(connection, tx, "id = @k", SqliteRows.Id(userId))
                    ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no user {userId}.");
                if (user.Role == AccessRole.Admin && role != AccessRole.Admin && CountAdmins(connection, tx) <= 1)
                {
                    throw new ClusterException(ClusterErrorCode.Conflict, $"'{user.Name}' is the last admin: make another user admin first.");
                }

                using (var update = Command(connection, tx, $"update cluster_users set role = @r, password_hash = coalesce(@h, password_hash), updated_at = {Now} where id = @id")
                    .With("@id", SqliteRows.Id(userId)).With("@r", WireNames.Of(role)).With("@h", passwordHash))
                {
                    update.ExecuteNonQuery();
                }

                if (passwordHash is not null)
                {
                    using var end = Command(connection, tx, "delete from cluster_sessions where user_id = @id").With("@id", SqliteRows.Id(userId));
                    end.ExecuteNonQuery();
                }

                var row = ReadUser(connection, tx, "id = @k", SqliteRows.Id(userId))!;
                tx.Commit();
                return row;
            },
            cancellationToken);
    }

    public Task<bool> DeleteUserAsync(Guid userId, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                var user = ReadUser(connection, tx, "id = @k", SqliteRows.Id(userId));
                if (user is null)
                {
                    return false;
                }

                if (user.Role == AccessRole.Admin && CountAdmins(connection, tx) <= 1)
                {
                    throw new ClusterException(ClusterErrorCode.Conflict, $"'{user.Name}' is the last admin and cannot be deleted.");
                }

                using var delete = Command(connection, tx, "delete from cluster_users where id = @id").With("@id", SqliteRows.Id(userId));
                delete.ExecuteNonQuery();
                tx.Commit();
                return true;
            },
            cancellationToken);

    public async Task<ApiKeyRecord> AddApiKeyAsync(string name, AccessRole role, string keyHash, string keyPrefix, CancellationToken cancellationToken)
    {
        AccessValidation.ApiKey(name, keyHash, keyPrefix);
        var id = Guid.CreateVersion7();
        try
        {
            return await RunAsync(
                connection =>
                {
                    using var tx = connection.BeginTransaction();
                    using (var insert = Command(connection, tx, $"insert into cluster_api_keys (id, name, role, key_hash, key_prefix, created_at) values (@id, @n, @r, @h, @p, {Now})")
                        .With("@id", SqliteRows.Id(id)).With("@n", name).With("@r", WireNames.Of(role)).With("@h", keyHash).With("@p", keyPrefix))
                    {
                        insert.ExecuteNonQuery();
                    }

                    var row = ReadApiKey(connection, tx, "id = @k", SqliteRows.Id(id))!;
                    tx.Commit();
                    return row;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
        {
            throw new ClusterException(ClusterErrorCode.Conflict, "This API key is already registered.");
        }
    }

    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadApiKey(connection, null, "key_hash = @k", keyHash), cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ApiKeyRecord>>(
            connection =>
            {
                using var read = Command(connection, null, $"select {SqliteRows.ApiKeyColumns} from cluster_api_keys order by created_at, name");
                return SqliteRows.List(read, SqliteRows.ApiKey);
            },
            cancellationToken);

    public Task<bool> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var delete = Command(connection, null, "delete from cluster_api_keys where id = @id").With("@id", SqliteRows.Id(keyId));
                return delete.ExecuteNonQuery() == 1;
            },
            cancellationToken);

    public Task<SessionRecord> AddSessionAsync(string tokenHash, Guid userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        AccessValidation.Session(tokenHash, lifetime);
        return RunAsync(
            connection =>
            {
                using var tx = connection.BeginTransaction();
                try
                {
                    using var insert = Command(connection, tx, $"insert into cluster_sessions (token_hash, user_id, created_at, expires_at) values (@h, @u, {Now}, {Now} + @life)")
                        .With("@h", tokenHash).With("@u", SqliteRows.Id(userId)).With("@life", (long)lifetime.TotalMilliseconds);
                    insert.ExecuteNonQuery();
                }
                catch (SqliteException e) when (IsConstraint(e, "FOREIGN KEY"))
                {
                    throw new ClusterException(ClusterErrorCode.NotFound, $"There is no user {userId}.");
                }
                catch (SqliteException e) when (IsConstraint(e, "UNIQUE"))
                {
                    throw new ClusterException(ClusterErrorCode.Conflict, "This session token is already in use.");
                }

                var row = ReadSession(connection, tx, tokenHash)!;
                tx.Commit();
                return row;
            },
            cancellationToken);
    }

    public Task<SessionRecord?> FindSessionAsync(string tokenHash, CancellationToken cancellationToken) =>
        RunAsync(connection => ReadSession(connection, null, tokenHash), cancellationToken);

    public Task<bool> DeleteSessionAsync(string tokenHash, CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var delete = Command(connection, null, "delete from cluster_sessions where token_hash = @h").With("@h", tokenHash);
                return delete.ExecuteNonQuery() == 1;
            },
            cancellationToken);

    public Task<int> DeleteExpiredSessionsAsync(CancellationToken cancellationToken) =>
        RunAsync(
            connection =>
            {
                using var delete = Command(connection, null, $"delete from cluster_sessions where expires_at <= {Now}");
                return delete.ExecuteNonQuery();
            },
            cancellationToken);

    private static long CountAdmins(SqliteConnection connection, SqliteTransaction tx)
    {
        using var count = Command(connection, tx, "select count(*) from cluster_users where role = 'admin'");
        return (long)count.ExecuteScalar()!;
    }

    private static UserRecord? ReadUser(SqliteConnection connection, SqliteTransaction? tx, string where, object key)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.UserColumns} from cluster_users where {where}").With("@k", key);
        return SqliteRows.List(read, SqliteRows.User).FirstOrDefault();
    }

    private static ApiKeyRecord? ReadApiKey(SqliteConnection connection, SqliteTransaction? tx, string where, object key)
    {
        using var read = Command(connection, tx, $"select {SqliteRows.ApiKeyColumns} from cluster_api_keys where {where}").With("@k", key);
        return SqliteRows.List(read, SqliteRows.ApiKey).FirstOrDefault();
    }

    private static SessionRecord? ReadSession(SqliteConnection connection, SqliteTransaction? tx, string tokenHash)
    {
        using var read = Command(
            connection,
            tx,
            $"select {SqliteRows.SessionColumns} from cluster_sessions s join cluster_users u on u.id = s.user_id where s.token_hash = @h and s.expires_at > {Now}")
            .With("@h", tokenHash);
        return SqliteRows.List(read, SqliteRows.Session).FirstOrDefault();
    }
}
