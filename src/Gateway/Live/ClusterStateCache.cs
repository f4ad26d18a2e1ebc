using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// Keeps <see cref="ClusterState"/> fresh: re-reads the store on every change notification (coalesced) and every
/// <see cref="LiveFeedOptions.RefreshInterval"/> (notifications can be missed). The first read happens before the
/// gateway serves requests.
/// </summary>
public sealed class ClusterStateCache : BackgroundService
{
    private readonly GatewayStore _store;
    private readonly LiveFeedOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly System.Threading.Channels.Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    private ClusterState _current = ClusterState.Empty;

    /// <summary>Creates the cache.</summary>
    public ClusterStateCache(GatewayStore store, GatewayOptions options, ILoggerFactory loggerFactory)
    {
        _store = store;
        _options = options.Live;
        _logger = loggerFactory.CreateLogger("PoseCluster.Gateway.Live");
    }

    /// <summary>Raised after each refresh with the new state.</summary>
    public event Action<ClusterState>? Refreshed;

    /// <summary>The latest state.</summary>
    public ClusterState Current => Volatile.Read(ref _current);

    /// <summary>Reads the store now (callers after a mutation use it so that their next read sees the change).</summary>
    public async Task<ClusterState> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var store = _store.Store;
            var snapshot = await store.ReadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            var all = await store.ListSilosAsync(true, cancellationToken).ConfigureAwait(false);
            var zones = await store.ListZonesAsync(null, cancellationToken).ConfigureAwait(false);
            var leader = await store.GetLeaderAsync(cancellationToken).ConfigureAwait(false);
            var ended = all.Where(s => !s.IsMember && s.HeartbeatAge <= _options.NodeRetention).ToList();
            var state = new ClusterState(snapshot.Silos, ended, snapshot.Cameras, snapshot.Sites, snapshot.Assignments, zones, leader?.SiloId, DateTimeOffset.UtcNow);
            Volatile.Write(ref _current, state);
            Refreshed?.Invoke(state);
            return state;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Asks for a refresh soon (coalesced).</summary>
    public void Invalidate() => _wake.Writer.TryWrite(true);

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _refreshing.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = WatchAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                tick.CancelAfter(_options.RefreshInterval);
                try
                {
                    await _wake.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
                    // Coalesce a burst of notifications (a placement round writes several rows).
                    await Task.Delay(TimeSpan.FromMilliseconds(30), stoppingToken).ConfigureAwait(false);
                    _wake.Reader.TryRead(out _);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogWarning("Reading the cluster state failed: {Error}", e.Message);
            }
        }

        await watch.ConfigureAwait(false);
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in _store.Store.WatchAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Every kind matters here: silos, cameras, sites, zones, assignments and the leader are all shown.
                    _ = change;
                    Invalidate();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogDebug("The change feed ended: {Error}", e.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
