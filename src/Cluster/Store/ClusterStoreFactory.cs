using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store.Postgres;
using PoseCluster.Cluster.Store.Sqlite;

namespace PoseCluster.Cluster.Store;

/// <summary>Opens the store the options name, checks it is reachable, and creates or migrates its schema.</summary>
public static class ClusterStoreFactory
{
    /// <summary>
    /// Opens a store. Fails fast with a <see cref="ClusterException"/> whose message names the store (never its
    /// password): <see cref="ClusterErrorCode.StoreUnreachable"/>, <see cref="ClusterErrorCode.SchemaTooNew"/> or
    /// <see cref="ClusterErrorCode.SecretKeyMismatch"/> (the cluster's credentials use another key).
    /// </summary>
    public static async Task<IClusterStore> OpenAsync(
        ClusterStoreOptions options,
        CredentialProtector protector,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protector);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        if (options.IsPostgres)
        {
            var store = new PostgresClusterStore(options, protector, loggerFactory);
            try
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                return store;
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else
        {
            var store = new SqliteClusterStore(options, protector, loggerFactory);
            try
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                return store;
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
