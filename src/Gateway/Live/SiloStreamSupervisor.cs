using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// Follows the membership: one <see cref="SiloStreamConnection"/> per member silo (found through the control plane),
/// started when a silo joins and stopped when it leaves or dies. Cameras that move show up on the new silo's stream.
/// </summary>
public sealed class SiloStreamSupervisor : BackgroundService
{
    private readonly ClusterStateCache _state;
    private readonly PoseFeedRouter _router;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<Guid, SiloStreamConnection> _connections = [];
    private readonly SemaphoreSlim _changed = new(0, 1);

    /// <summary>Creates the supervisor.</summary>
    public SiloStreamSupervisor(ClusterStateCache state, PoseFeedRouter router, GatewayMetrics metrics, GatewayOptions options, ILoggerFactory loggerFactory)
    {
        _state = state;
        _router = router;
        _options = options;
        _logger = loggerFactory.CreateLogger("PoseCluster.Gateway.Live");
        metrics.ObserveStreams(() => ConnectedCount);
    }

    /// <summary>Silo streams connected now.</summary>
    public int ConnectedCount
    {
        get
        {
            lock (_connections)
            {
                return _connections.Values.Count(c => c.IsConnected);
            }
        }
    }

    /// <summary>Whether the stream of a silo is connected.</summary>
    public bool IsConnected(Guid siloId)
    {
        lock (_connections)
        {
            return _connections.TryGetValue(siloId, out var c) && c.IsConnected;
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void OnRefreshed(ClusterState _)
        {
            try
            {
                if (_changed.CurrentCount == 0)
                {
                    _changed.Release();
                }
            }
            catch (SemaphoreFullException)
            {
            }
        }

        _state.Refreshed += OnRefreshed;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Reconcile(_state.Current);
                await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _state.Refreshed -= OnRefreshed;
            List<SiloStreamConnection> all;
            lock (_connections)
            {
                all = [.. _connections.Values];
                _connections.Clear();
            }

            foreach (var connection in all)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Reconcile(ClusterState state)
    {
        var wanted = state.Members.Where(s => s.Status is SiloStatus.Active or SiloStatus.Leaving && s.Address.Length > 0).ToDictionary(s => s.Id);
        List<SiloStreamConnection> gone = [];
        lock (_connections)
        {
            foreach (var (id, connection) in _connections)
            {
                if (!wanted.TryGetValue(id, out var silo) || silo.Address != connection.Address)
                {
                    gone.Add(connection);
                }
            }

            foreach (var connection in gone)
            {
                _connections.Remove(connection.SiloId);
            }

            foreach (var silo in wanted.Values.Where(s => !_connections.ContainsKey(s.Id)))
            {
                var connection = new SiloStreamConnection(silo.Id, silo.Name, silo.Address, _router, _options.Live, _options.DataPlaneKey, _logger);
                _connections[silo.Id] = connection;
                connection.Start();
            }
        }

        foreach (var connection in gone)
        {
            _logger.LogInformation("Silo {Silo} is no longer a member; its pose stream is closed", connection.Name);
            _ = connection.DisposeAsync().AsTask();
        }
    }
}
