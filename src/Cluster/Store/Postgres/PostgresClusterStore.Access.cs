using Npgsql;
using PoseCluster.Cluster.Access;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>Users, API keys and sessions.</summary>
internal sealed partial class PostgresClusterStore
{
    public async Task<UserRecord> AddUserAsync(string name, AccessRole role, string passwordHash, CancellationToken cancellationToken)
    {
        AccessValidation.User(name, passwordHash);
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var insert = new NpgsqlCommand(
                        "insert into cluster_users (id, name, role, password_hash) values (@id, @n, @r, @h) returning " + PostgresRows.UserColumns, connection);
                    insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
                    insert.Parameters.AddWithValue("n", name);
                    insert.Parameters.AddWithValue("r", WireNames.Of(role));
                    insert.Parameters.AddWithValue("h", passwordHash);
                    return (await PostgresRows.ListAsync(insert, PostgresRows.User, cancellationToken).ConfigureAwait(false)).Single();
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, $"A user named '{name}' already exists.");
        }
    }

    public Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken) => ReadUserAsync("name = @k", name, cancellationToken);

    public Task<UserRecord?> GetUserAsync(Guid userId, CancellationToken cancellationToken) => ReadUserAsync("id = @k", userId, cancellationToken);

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<UserRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.UserColumns} from cluster_users order by name", connection);
                return await PostgresRows.ListAsync(read, PostgresRows.User, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<UserRecord> UpdateUserAsync(Guid userId, AccessRole role, string? passwordHash, CancellationToken cancellationToken)
    {
        if (passwordHash is not null)
        {
            AccessValidation.User("x", passwordHash);
        }

        return RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var user = await LockUserAsync(connection, tx, userId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ClusterException(ClusterErrorCode.NotFound, $"There is no user {userId}.");
                if (user.Role == AccessRole.Admin && role != AccessRole.Admin && await CountAdminsAsync(connection, tx, cancellationToken).ConfigureAwait(false) <= 1)
                {
                    throw new ClusterException(ClusterErrorCode.Conflict, $"'{user.Name}' is the last admin: make another user admin first.");
                }

                await using var update = new NpgsqlCommand(
                    "update cluster_users set role = @r, password_hash = coalesce(@h, password_hash), updated_at = now() where id = @id returning " + PostgresRows.UserColumns,
                    connection,
                    tx);
                update.Parameters.AddWithValue("id", userId);
                update.Parameters.AddWithValue("r", WireNames.Of(role));
                update.Parameters.AddNullable("h", passwordHash, NpgsqlTypes.NpgsqlDbType.Text);
                var row = (await PostgresRows.ListAsync(update, PostgresRows.User, cancellationToken).ConfigureAwait(false)).Single();
                if (passwordHash is not null)
                {
                    await using var end = new NpgsqlCommand("delete from cluster_sessions where user_id = @id", connection, tx);
                    end.Parameters.AddWithValue("id", userId);
                    await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return row;
            },
            idempotent: false,
            cancellationToken);
    }

    public Task<bool> DeleteUserAsync(Guid userId, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var user = await LockUserAsync(connection, tx, userId, cancellationToken).ConfigureAwait(false);
                if (user is null)
                {
                    return false;
                }

                if (user.Role == AccessRole.Admin && await CountAdminsAsync(connection, tx, cancellationToken).ConfigureAwait(false) <= 1)
                {
                    throw new ClusterException(ClusterErrorCode.Conflict, $"'{user.Name}' is the last admin and cannot be deleted.");
                }

                await using var delete = new NpgsqlCommand("delete from cluster_users where id = @id", connection, tx);
                delete.Parameters.AddWithValue("id", userId);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            },
            idempotent: false,
            cancellationToken);

    public async Task<ApiKeyRecord> AddApiKeyAsync(string name, AccessRole role, string keyHash, string keyPrefix, CancellationToken cancellationToken)
    {
        AccessValidation.ApiKey(name, keyHash, keyPrefix);
        try
        {
            return await RunAsync(
                async connection =>
                {
                    await using var insert = new NpgsqlCommand(
                        "insert into cluster_api_keys (id, name, role, key_hash, key_prefix) values (@id, @n, @r, @h, @p) returning " + PostgresRows.ApiKeyColumns, connection);
                    insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
                    insert.Parameters.AddWithValue("n", name);
                    insert.Parameters.AddWithValue("r", WireNames.Of(role));
                    insert.Parameters.AddWithValue("h", keyHash);
                    insert.Parameters.AddWithValue("p", keyPrefix);
                    return (await PostgresRows.ListAsync(insert, PostgresRows.ApiKey, cancellationToken).ConfigureAwait(false)).Single();
                },
                idempotent: false,
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ClusterException(ClusterErrorCode.Conflict, "This API key is already registered.");
        }
    }

    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.ApiKeyColumns} from cluster_api_keys where key_hash = @h", connection);
                read.Parameters.AddWithValue("h", keyHash);
                return (await PostgresRows.ListAsync(read, PostgresRows.ApiKey, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ApiKeyRecord>>(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.ApiKeyColumns} from cluster_api_keys order by created_at, name", connection);
                return await PostgresRows.ListAsync(read, PostgresRows.ApiKey, cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteApiKeyAsync(Guid keyId, CancellationToken cancellationToken) =>
        ExecuteAsync("delete from cluster_api_keys where id = @k", keyId, cancellationToken);

    public Task<SessionRecord> AddSessionAsync(string tokenHash, Guid userId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        AccessValidation.Session(tokenHash, lifetime);
        return RunAsync(
            async connection =>
            {
                await using var insert = new NpgsqlCommand(
                    "with s as (insert into cluster_sessions (token_hash, user_id, expires_at) values (@h, @u, now() + @life) returning *) "
                    + $"select {PostgresRows.SessionColumns} from s join cluster_users u on u.id = s.user_id",
                    connection);
                insert.Parameters.AddWithValue("h", tokenHash);
                insert.Parameters.AddWithValue("u", userId);
                insert.Parameters.AddWithValue("life", lifetime);
                try
                {
                    return (await PostgresRows.ListAsync(insert, PostgresRows.Session, cancellationToken).ConfigureAwait(false)).Single();
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
                {
                    throw new ClusterException(ClusterErrorCode.NotFound, $"There is no user {userId}.");
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    throw new ClusterException(ClusterErrorCode.Conflict, "This session token is already in use.");
                }
            },
            idempotent: false,
            cancellationToken);
    }

    public Task<SessionRecord?> FindSessionAsync(string tokenHash, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand(
                    $"select {PostgresRows.SessionColumns} from cluster_sessions s join cluster_users u on u.id = s.user_id where s.token_hash = @h and s.expires_at > now()",
                    connection);
                read.Parameters.AddWithValue("h", tokenHash);
                return (await PostgresRows.ListAsync(read, PostgresRows.Session, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    public Task<bool> DeleteSessionAsync(string tokenHash, CancellationToken cancellationToken) =>
        ExecuteAsync("delete from cluster_sessions where token_hash = @k", tokenHash, cancellationToken);

    public Task<int> DeleteExpiredSessionsAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var delete = new NpgsqlCommand("delete from cluster_sessions where expires_at <= now()", connection);
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            idempotent: true,
            cancellationToken);

    private static async Task<UserRecord?> LockUserAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid userId, CancellationToken cancellationToken)
    {
        // Admin changes serialise on the admin rows, so two concurrent demotions cannot both pass the last-admin check.
        await using (var lockAdmins = new NpgsqlCommand("select id from cluster_users where role = 'admin' or id = @id for update", connection, tx))
        {
            lockAdmins.Parameters.AddWithValue("id", userId);
            await lockAdmins.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var read = new NpgsqlCommand($"select {PostgresRows.UserColumns} from cluster_users where id = @id", connection, tx);
        read.Parameters.AddWithValue("id", userId);
        return (await PostgresRows.ListAsync(read, PostgresRows.User, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async Task<long> CountAdminsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand("select count(*) from cluster_users where role = 'admin'", connection, tx);
        return (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private Task<UserRecord?> ReadUserAsync(string where, object key, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var read = new NpgsqlCommand($"select {PostgresRows.UserColumns} from cluster_users where {where}", connection);
                read.Parameters.AddWithValue("k", key);
                return (await PostgresRows.ListAsync(read, PostgresRows.User, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            },
            idempotent: true,
            cancellationToken);

    private Task<bool> ExecuteAsync(string sql, object key, CancellationToken cancellationToken) =>
        RunAsync(
            async connection =>
            {
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue("k", key);
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            idempotent: false,
            cancellationToken);
}
