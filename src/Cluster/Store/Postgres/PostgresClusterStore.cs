using Microsoft.Extensions.Logging;
using Npgsql;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Secrets;

namespace PoseCluster.Cluster.Store.Postgres;

/// <summary>
/// The PostgreSQL store (cluster mode). Ordinary calls use a pooled data source; the change listener and the
/// leader lease each own one unpooled connection, so closing them really ends their sessions (and so releases the
/// leader's advisory lock). All times are the database's <c>now()</c>.
/// </summary>
internal sealed partial class PostgresClusterStore : IClusterStore
{
    private readonly NpgsqlDataSource _pool;
    private readonly NpgsqlDataSource _dedicated;
    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly CredentialProtector _protector;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ChangeFanout _fanout = new();
    private readonly PostgresChangeListener _listener;
    private int _disposed;

    public PostgresClusterStore(ClusterStoreOptions options, CredentialProtector protector, ILoggerFactory loggerFactory)
    {
        _protector = protector;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("PoseCluster.Cluster.Store");
        try
        {
            _settings = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"The cluster store connection string is malformed: {PostgresConnectionErrors.Redact(e.Message, null)}");
        }

        _settings.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        _settings.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        _settings.CancellationTimeout = 1000;
        if (string.IsNullOrEmpty(_settings.ApplicationName))
        {
            _settings.ApplicationName = options.ApplicationName;
        }

        Location = PostgresConnectionErrors.Describe(_settings);
        _pool = new NpgsqlDataSourceBuilder(_settings.ConnectionString).Build();
        var dedicated = new NpgsqlConnectionStringBuilder(_settings.ConnectionString) { Pooling = false };
        _dedicated = new NpgsqlDataSourceBuilder(dedicated.ConnectionString).Build();
        _listener = new PostgresChangeListener(_dedicated, _fanout, loggerFactory.CreateLogger("PoseCluster.Cluster.Changes"));
    }

    public string Provider => ClusterStoreOptions.Postgres;

    public string Location { get; }

    /// <summary>Opens a first connection (fail fast), migrates the schema and checks the credential key.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw PostgresConnectionErrors.Unreachable(_settings, e);
        }

        await using (connection.ConfigureAwait(false))
        {
            await PostgresSchemaMigrator.MigrateAsync(connection, _logger, cancellationToken).ConfigureAwait(false);
            await CheckCredentialKeyAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public IAsyncEnumerable<ClusterChange> WatchAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _listener.EnsureStarted();
        return _fanout.SubscribeAsync(() => _listener.IsConnected, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _listener.DisposeAsync().ConfigureAwait(false);
        await _pool.DisposeAsync().ConfigureAwait(false);
        await _dedicated.DisposeAsync().ConfigureAwait(false);
    }

    public override string ToString() => $"postgres store at {Location}";

    /// <summary>Opens a dedicated (unpooled) connection for a leader lease.</summary>
    internal ValueTask<NpgsqlConnection> OpenDedicatedAsync(CancellationToken cancellationToken) =>
        _dedicated.OpenConnectionAsync(cancellationToken);

    internal ILogger CreateLogger(string category) => _loggerFactory.CreateLogger(category);

    /// <summary>Queues a notification inside a transaction (delivered on commit).</summary>
    internal static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClusterChange change, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand("select pg_notify(@c, @p)", connection, transaction);
        notify.Parameters.AddWithValue("c", PostgresSchemaMigrator.Channel);
        notify.Parameters.AddWithValue("p", change.ToPayload());
        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs work on a pooled connection. A lost connection (e.g. after a server restart) clears the pool so the next
    /// call opens fresh ones; idempotent work is retried once at once.
    /// </summary>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, bool idempotent, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await work(connection).ConfigureAwait(false);
            }
            catch (Exception e) when (PostgresConnectionErrors.IsConnectionLoss(e) && !cancellationToken.IsCancellationRequested)
            {
                _pool.Clear();
                if (!idempotent || attempt > 0)
                {
                    throw;
                }
            }
        }
    }

    private async Task CheckCredentialKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into cluster_settings (name, value) values ('credential_key_id', @k) on conflict (name) do nothing; "
            + "select value from cluster_settings where name = 'credential_key_id'",
            connection);
        command.Parameters.AddWithValue("k", _protector.KeyId);
        var stored = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(stored, _protector.KeyId, StringComparison.Ordinal))
        {
            throw new ClusterException(
                ClusterErrorCode.SecretKeyMismatch,
                $"This node's credential key (id {_protector.KeyId}) differs from the cluster's (id {stored}): "
                + "give every silo the same key (POSECLUSTER_SECRET_KEY).");
        }
    }
}
