using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;

namespace PoseCluster.Gateway.Storage;

/// <summary>
/// The gateway's handle on the control-plane store: opened before the gateway listens (an unreachable store stops the
/// start with one clear message), disposed after it stops.
/// </summary>
public sealed class GatewayStore : IHostedLifecycleService, IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private IClusterStore? _store;

    /// <summary>Creates the handle (nothing is opened yet).</summary>
    public GatewayStore(GatewayOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The open store; throws before start and after stop.</summary>
    public IClusterStore Store => _store ?? throw new InvalidOperationException("The gateway's store is not open.");

    /// <inheritdoc />
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        _loggerFactory.CreateLogger("PoseCluster.Gateway").LogInformation("Starting {Gateway}", _options);
        var storeOptions = ClusterStoreAddress.Parse(_options.Store);
        storeOptions.ApplicationName = "posecluster-gateway";
        _store = await ClusterStoreFactory.OpenAsync(storeOptions, CredentialProtector.FromOptions(_options.Secrets), _loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var store = Interlocked.Exchange(ref _store, null);
        if (store is not null)
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
