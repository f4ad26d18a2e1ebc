using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Gateway.Live;

/// <summary>The live hub's connections: fans messages out to each one's queue and sends each its statistics periodically.</summary>
public sealed class LiveClientRegistry : BackgroundService
{
    private readonly ConcurrentDictionary<string, LiveClient> _clients = new(StringComparer.Ordinal);
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly GatewayMetrics _metrics;
    private readonly LiveFeedOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the registry.</summary>
    public LiveClientRegistry(IHubContext<LiveHub, ILiveClient> hub, GatewayMetrics metrics, GatewayOptions options, ILoggerFactory loggerFactory)
    {
        _hub = hub;
        _metrics = metrics;
        _options = options.Live;
        _logger = loggerFactory.CreateLogger("PoseCluster.Gateway.Live");
        metrics.ObserveClients(() => _clients.Count);
    }

    /// <summary>Connections now.</summary>
    public int Count => _clients.Count;

    /// <summary>Every connection's counters (for tests and diagnostics).</summary>
    public IReadOnlyList<LiveClientStats> Snapshot() => [.. _clients.Values.Select(c => c.Stats)];

    /// <summary>A connection, or null.</summary>
    public LiveClient? Get(string connectionId) => _clients.GetValueOrDefault(connectionId);

    /// <summary>Registers a new connection and starts its pump.</summary>
    public void Add(string connectionId, CancellationToken aborted)
    {
        var client = new LiveClient(connectionId, _hub.Clients.Client(connectionId), _options.ClientQueueCapacity, _metrics, _logger, aborted);
        if (_clients.TryAdd(connectionId, client))
        {
            client.Start();
        }
    }

    /// <summary>Removes a connection.</summary>
    public async Task RemoveAsync(string connectionId)
    {
        if (_clients.TryRemove(connectionId, out var client))
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Offers a pose to every connection.</summary>
    internal void Publish(LivePose pose)
    {
        var message = new LiveEnvelope(pose.Camera, pose, null, null);
        foreach (var client in _clients.Values)
        {
            client.Offer(message);
        }
    }

    /// <summary>Offers a status to every connection.</summary>
    internal void Publish(LiveStatus status)
    {
        var message = new LiveEnvelope(status.Camera, null, status, null);
        foreach (var client in _clients.Values)
        {
            client.Offer(message);
        }
    }

    /// <summary>Offers a site snapshot to every connection (only those subscribed to the site queue it).</summary>
    internal void Publish(LiveSite site)
    {
        var message = new LiveEnvelope(site.Site, null, null, null, site);
        foreach (var client in _clients.Values)
        {
            client.Offer(message);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in _clients.Keys.ToList())
        {
            await RemoveAsync(id).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.StatsInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var client in _clients.Values)
                {
                    client.Offer(new LiveEnvelope(Guid.Empty, null, null, client.Stats));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
