using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Secrets;

namespace PoseCluster.Cluster.Store.Sqlite;

/// <summary>
/// The SQLite store (embedded mode): one file, WAL journal, writers serialised by <c>BEGIN IMMEDIATE</c>,
/// notifications in-process. Same contract as the PostgreSQL store.
/// </summary>
internal sealed partial class SqliteClusterStore : IClusterStore
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly CredentialProtector _protector;
    private readonly ILogger _logger;
    private readonly ChangeFanout _fanout;
    private int _disposed;

    public SqliteClusterStore(ClusterStoreOptions options, CredentialProtector protector, ILoggerFactory loggerFactory)
    {
        SQLitePCL.Batteries_V2.Init();
        FullPath = Path.GetFullPath(options.FilePath);
        _busyTimeoutMs = (int)options.CommandTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        }.ToString();
        _protector = protector;
        _logger = loggerFactory.CreateLogger("PoseCluster.Cluster.Store");
        _fanout = SqliteChangeHub.For(FullPath);
    }

    public string Provider => ClusterStoreOptions.Sqlite;

    public string Location => FullPath;

    /// <summary>Absolute path of the database file.</summary>
    public string FullPath { get; }

    /// <summary>Whether the store was disposed (its leases end with it).</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Creates the file and directory if needed, migrates the schema and checks the credential key.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FullPath)!);
                using var connection = Open();
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "pragma journal_mode = wal";
                    wal.ExecuteNonQuery();
                }

                SqliteSchemaMigrator.Migrate(connection, _logger);
                CheckCredentialKey(connection);
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                throw new ClusterException(ClusterErrorCode.StoreUnreachable, $"cannot open the cluster store file {FullPath}: {e.Message}", e);
            }
        },
        cancellationToken);

    public IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _fanout.SubscribeAsync(() => true, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => $"sqlite store at {FullPath}";

    /// <summary>Runs work on a fresh (pooled) connection off the caller's thread.</summary>
    internal Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            using var connection = Open();
            return work(connection);
        },
        cancellationToken);

    /// <summary>Publishes a change to this file's watchers (after commit).</summary>
    internal void Publish(ClusterChange change) => _fanout.Publish(change);

    private static bool IsConstraint(SqliteException e, string kind) =>
        e.SqliteErrorCode == 19 && e.Message.Contains(kind, StringComparison.OrdinalIgnoreCase);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"pragma busy_timeout = {_busyTimeoutMs}; pragma foreign_keys = on; pragma synchronous = normal";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private void CheckCredentialKey(SqliteConnection connection)
    {
        using var command = Command(
            connection,
            null,
            "insert into cluster_settings (name, value) values ('credential_key_id', @k) on conflict (name) do nothing; "
            + "select value from cluster_settings where name = 'credential_key_id'").With("@k", _protector.KeyId);
        var stored = (string?)command.ExecuteScalar();
        if (!string.Equals(stored, _protector.KeyId, StringComparison.Ordinal))
        {
            throw new ClusterException(
                ClusterErrorCode.SecretKeyMismatch,
                $"This node's credential key (id {_protector.KeyId}) differs from the store's (id {stored}): use the key the store was created with.");
        }
    }
}
