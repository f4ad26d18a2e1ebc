using Microsoft.Data.Sqlite;
using Npgsql;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Cluster.Tests.Infrastructure;

/// <summary>Creates isolated stores of one provider for a test (a fresh database or file each time).</summary>
public abstract class TestStoreProvider
{
    /// <summary>The key every test store uses.</summary>
    public static readonly CredentialProtector Protector = CredentialProtector.FromKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public abstract string Name { get; }

    /// <summary>Options of a new, empty store.</summary>
    public abstract Task<ClusterStoreOptions> NewStoreAsync();

    /// <summary>Opens a store instance (one per silo, like separate processes).</summary>
    public static Task<IClusterStore> OpenAsync(ClusterStoreOptions options, string? applicationName = null) =>
        ClusterStoreFactory.OpenAsync(
            new ClusterStoreOptions
            {
                Provider = options.Provider,
                ConnectionString = options.ConnectionString,
                FilePath = options.FilePath,
                ConnectTimeout = options.ConnectTimeout,
                CommandTimeout = options.CommandTimeout,
                ApplicationName = applicationName ?? options.ApplicationName,
            },
            Protector);

    /// <summary>The camera row as stored (source URL column and encrypted credentials), read with raw SQL.</summary>
    public abstract Task<(string Url, byte[]? Blob)> ReadRawCameraAsync(ClusterStoreOptions options, Guid cameraId);

    /// <summary>A webhook's stored (encrypted) secret column, read with raw SQL.</summary>
    public abstract Task<byte[]?> ReadRawWebhookSecretAsync(ClusterStoreOptions options, Guid webhookId);

    /// <summary>Closes a silo's connections abruptly (as the OS does when the process is killed).</summary>
    public virtual Task TerminateConnectionsAsync(string applicationName) => Task.CompletedTask;

    /// <summary>Versions recorded in the migrations table.</summary>
    public abstract Task<IReadOnlyList<long>> ReadMigrationVersionsAsync(ClusterStoreOptions options);
}

public sealed class PostgresStoreProvider : TestStoreProvider
{
    private readonly PostgresServerFixture _server;

    public PostgresStoreProvider(PostgresServerFixture server)
    {
        _server = server;
    }

    public override string Name => "postgres";

    public PostgresServerFixture Server => _server;

    public override async Task<ClusterStoreOptions> NewStoreAsync() =>
        new() { Provider = ClusterStoreOptions.Postgres, ConnectionString = await _server.CreateDatabaseAsync() };

    public override async Task<(string Url, byte[]? Blob)> ReadRawCameraAsync(ClusterStoreOptions options, Guid cameraId)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select source_url, credentials_encrypted from cluster_cameras where id = @id", connection);
        read.Parameters.AddWithValue("id", cameraId);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1));
    }

    public override async Task<byte[]?> ReadRawWebhookSecretAsync(ClusterStoreOptions options, Guid webhookId)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select secret_encrypted from cluster_webhooks where id = @id", connection);
        read.Parameters.AddWithValue("id", webhookId);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0);
    }

    public override Task TerminateConnectionsAsync(string applicationName) => _server.TerminateConnectionsAsync(applicationName);

    public override async Task<IReadOnlyList<long>> ReadMigrationVersionsAsync(ClusterStoreOptions options)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("select version from cluster_schema_migrations order by version", connection);
        var list = new List<long>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetInt32(0));
        }

        return list;
    }
}

public sealed class SqliteStoreProvider : TestStoreProvider
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "posecluster-sqlite-tests");

    public override string Name => "sqlite";

    public override Task<ClusterStoreOptions> NewStoreAsync()
    {
        Directory.CreateDirectory(Root);
        return Task.FromResult(new ClusterStoreOptions
        {
            Provider = ClusterStoreOptions.Sqlite,
            FilePath = Path.Combine(Root, Guid.NewGuid().ToString("N") + ".db"),
        });
    }

    public override Task<(string Url, byte[]? Blob)> ReadRawCameraAsync(ClusterStoreOptions options, Guid cameraId)
    {
        using var connection = new SqliteConnection($"Data Source={options.FilePath}");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "select source_url, credentials_encrypted from cluster_cameras where id = @id";
        read.Parameters.AddWithValue("@id", cameraId.ToString("D"));
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        return Task.FromResult((reader.GetString(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1)));
    }

    public override Task<byte[]?> ReadRawWebhookSecretAsync(ClusterStoreOptions options, Guid webhookId)
    {
        using var connection = new SqliteConnection($"Data Source={options.FilePath}");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "select secret_encrypted from cluster_webhooks where id = @id";
        read.Parameters.AddWithValue("@id", webhookId.ToString("D"));
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        return Task.FromResult(reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0));
    }

    public override Task<IReadOnlyList<long>> ReadMigrationVersionsAsync(ClusterStoreOptions options)
    {
        using var connection = new SqliteConnection($"Data Source={options.FilePath}");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "select version from cluster_schema_migrations order by version";
        var list = new List<long>();
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            list.Add(reader.GetInt64(0));
        }

        return Task.FromResult<IReadOnlyList<long>>(list);
    }
}
