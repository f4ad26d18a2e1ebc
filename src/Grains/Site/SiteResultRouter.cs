using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Grains.Telemetry;
using PoseCluster.Grains.Topology;

namespace PoseCluster.Grains.Site;

/// <summary>
/// Forwards camera results to their site grains wherever those run: gathered per site for a short interval, then
/// handed to the local grain or sent to the owning node (found in the <see cref="ClusterView"/>). Publishing never
/// blocks: a bounded drop-oldest queue sits in between, and undeliverable results are dropped and counted.
/// </summary>
public sealed class SiteResultRouter : IAsyncDisposable
{
    private readonly ClusterView _view;
    private readonly ISiloMembership _self;
    private readonly SiteDirectory _local;
    private readonly ISiteResultClient _client;
    private readonly SiteRoutingOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<SiteCameraResult> _queue;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _sent;
    private readonly KeyValuePair<string, object?> _node;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Creates the router; <see cref="Start"/> starts forwarding.</summary>
    public SiteResultRouter(ClusterView view, ISiloMembership self, SiteDirectory local, ISiteResultClient client, SiteRoutingOptions options, GrainMeter meter, ILoggerFactory loggerFactory)
    {
        _view = view ?? throw new ArgumentNullException(nameof(view));
        _self = self ?? throw new ArgumentNullException(nameof(self));
        _local = local ?? throw new ArgumentNullException(nameof(local));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        ArgumentNullException.ThrowIfNull(meter);
        _logger = (loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory))).CreateLogger("PoseCluster.Grains.Site");
        _node = meter.NodeTag;
        _dropped = meter.Meter.CreateCounter<long>("posecluster.site.forward_drops", description: "Camera results not delivered to their site grain (queue full, site unplaced or unreachable)");
        _sent = meter.Meter.CreateCounter<long>("posecluster.site.forwarded", description: "Camera results delivered to site grains, by route (local, remote)");
        _queue = Channel.CreateBounded<SiteCameraResult>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => _dropped.Add(1, _node, new("reason", "queue_full")));
    }

    /// <summary>Queues a result for its site grain.</summary>
    public void Publish(SiteCameraResult result) => _queue.Writer.TryWrite(result);

    /// <summary>Starts forwarding.</summary>
    public void Start() => _loop ??= Task.Run(() => LoopAsync(_stop.Token));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var batch = new List<SiteCameraResult>(_options.MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_options.BatchInterval > TimeSpan.Zero)
                {
                    await Task.Delay(_options.BatchInterval, cancellationToken).ConfigureAwait(false);
                }

                while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var r))
                {
                    batch.Add(r);
                }

                foreach (var site in batch.GroupBy(r => r.SiteId))
                {
                    await DeliverAsync(site.Key, [.. site], cancellationToken).ConfigureAwait(false);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Guid siteId, IReadOnlyList<SiteCameraResult> results, CancellationToken cancellationToken)
    {
        try
        {
            var local = _local.Find(siteId);
            if (local is not null)
            {
                var outcome = await local.AcceptAsync(results, cancellationToken).ConfigureAwait(false);
                if (!outcome.NotHere)
                {
                    _sent.Add(results.Count, _node, new("route", "local"));
                    return;
                }
            }

            var owner = _view.AssignmentOf(GrainId.ForSite(siteId))?.SiloId;
            var silo = owner is { } id && id != _self.SiloId ? _view.SiloOf(id) : null;
            if (silo is null || string.IsNullOrWhiteSpace(silo.Address))
            {
                _dropped.Add(results.Count, _node, new("reason", "site_not_reachable"));
                return;
            }

            var remote = await _client.SendAsync(silo.Address.TrimEnd('/'), siteId, results, cancellationToken).ConfigureAwait(false);
            if (remote.NotHere)
            {
                _dropped.Add(results.Count, _node, new("reason", "site_moved"));
                return;
            }

            _sent.Add(results.Count, _node, new("route", "remote"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            _dropped.Add(results.Count, _node, new("reason", "send_failed"));
            _logger.LogDebug("Results for site {Site} not delivered: {Error}", siteId, e.Message);
        }
    }
}
