using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Silo.Webhooks;

/// <summary>
/// The node's webhook delivery: site grains <see cref="Offer"/> the events they stored (never blocking: a bounded
/// drop-oldest intake queue), and the background loop routes each event to every webhook that wants it, through one
/// <see cref="WebhookQueue"/> per webhook (in order per webhook, retries of one never delay another). The webhook list
/// is cached and re-read on <see cref="ClusterChangeKind.Webhook"/> and <see cref="ClusterChangeKind.Resync"/>
/// notifications and every <see cref="WebhookOptions.RefreshInterval"/>. Delivery is at least once while the node runs;
/// events waiting in memory are lost when it stops (they stay in the store).
/// </summary>
internal sealed class WebhookDeliverer : BackgroundService, ISiteEventSink
{
    private readonly WebhookOptions _options;
    private readonly Func<IClusterStore> _storeSource;
    private readonly WebhookSender _sender;
    private readonly WebhookMeter _meter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<WebhookEvent> _intake;
    private readonly ChangeTriggeredRefresh _follow;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, WebhookQueue> _queues = [];
    private IClusterStore? _store;
    private CancellationToken _stopping;
    private volatile IReadOnlyList<WebhookRecord> _webhooks = [];
    private volatile bool _stale = true;

    /// <summary>Creates the deliverer; <paramref name="store"/> is called once, when it starts (the node opens the store first).</summary>
    public WebhookDeliverer(WebhookOptions options, Func<IClusterStore> store, IHttpClientFactory httpClients, GrainMeter meter, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meter);
        options.Validate();
        _options = options;
        _storeSource = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? TimeProvider.System;
        _sender = new WebhookSender(httpClients ?? throw new ArgumentNullException(nameof(httpClients)), options, _time);
        _meter = new WebhookMeter(meter, () => Queued);
        _logger = loggerFactory.CreateLogger("PoseCluster.Silo.Webhooks");
        _intake = Channel.CreateBounded<WebhookEvent>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => _meter.Dropped());
        _follow = new ChangeTriggeredRefresh(
            "webhooks",
            c => c.Kind is ClusterChangeKind.Webhook or ClusterChangeKind.Resync,
            options.RefreshInterval,
            ct => _store is null ? Task.CompletedTask : RefreshAsync(ct),
            _logger,
            _time);
        _follow.Changed += _ => _stale = true;
    }

    /// <summary>The webhooks at the last read of the store.</summary>
    internal IReadOnlyList<WebhookRecord> Webhooks => _webhooks;

    /// <summary>Events waiting: in the intake queue and in every webhook's queue.</summary>
    internal int Queued
    {
        get
        {
            lock (_gate)
            {
                return _intake.Reader.Count + _queues.Values.Sum(q => q.Count);
            }
        }
    }

    /// <inheritdoc />
    public void Offer(string siteName, IReadOnlyList<SiteEventRecord> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var siteEvent in events)
        {
            // Never blocks: a full queue drops its oldest event (counted); after stop the writer is completed and this is a no-op.
            _intake.Writer.TryWrite(new WebhookEvent(siteName, siteEvent));
        }
    }

    /// <summary>Re-reads the webhook list now (tests; the loop does it on notifications).</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var store = _store ?? throw new InvalidOperationException("The webhook deliverer has not started.");
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Cleared before reading: a notification that arrives during the read marks the new list stale again.
            _stale = false;
            IReadOnlyList<WebhookRecord> webhooks;
            try
            {
                webhooks = [.. (await store.ListWebhooksAsync(cancellationToken).ConfigureAwait(false)).Where(w => Uri.TryCreate(w.Url, UriKind.Absolute, out _))];
            }
            catch
            {
                _stale = true;
                throw;
            }

            List<WebhookQueue> removed = [];
            lock (_gate)
            {
                _webhooks = webhooks;
                var byId = webhooks.ToDictionary(w => w.Id);
                foreach (var (id, queue) in _queues)
                {
                    if (byId.TryGetValue(id, out var webhook))
                    {
                        queue.Update(webhook);
                    }
                    else
                    {
                        removed.Add(queue);
                    }
                }

                foreach (var queue in removed)
                {
                    _queues.Remove(queue.Id);
                }
            }

            foreach (var queue in removed)
            {
                await queue.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Here, not in ExecuteAsync (which runs in the background): the store is there once the host starts, and a
        // missing one fails the start instead of a background loop.
        _store = _storeSource();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _intake.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        _sender.Dispose();
        _refresh.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var store = _store ?? throw new InvalidOperationException("The webhook deliverer was not started.");
        _stopping = stoppingToken;
        var follow = _follow.RunAsync(store, stoppingToken);
        try
        {
            await RouteLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            List<WebhookQueue> queues;
            lock (_gate)
            {
                queues = [.. _queues.Values];
                _queues.Clear();
            }

            foreach (var queue in queues)
            {
                await queue.DisposeAsync().ConfigureAwait(false);
            }

            await follow.ConfigureAwait(false);
        }
    }

    private async Task RouteLoopAsync(CancellationToken cancellationToken)
    {
        // Nothing is routed before the first read: events offered meanwhile wait in the intake queue.
        while (!await TryRefreshAsync(cancellationToken).ConfigureAwait(false))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
        }

        await foreach (var item in _intake.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_stale)
            {
                // A webhook changed: route with the new list, so that an event raised right after a webhook was added reaches it.
                await TryRefreshAsync(cancellationToken).ConfigureAwait(false);
            }

            Route(item);
        }
    }

    private void Route(WebhookEvent item)
    {
        WebhookEvent? withBody = null;
        // Under the lock that swaps the list: a queue is never created for a webhook that a refresh just removed.
        lock (_gate)
        {
            foreach (var webhook in _webhooks)
            {
                if (!webhook.Wants(item.Event.SiteId, item.Event.Kind))
                {
                    continue;
                }

                withBody ??= item with { Body = WebhookPayload.Serialize(item.SiteName, item.Event) };
                if (!_queues.TryGetValue(webhook.Id, out var queue))
                {
                    queue = new WebhookQueue(webhook, _store!, _sender, _options, _meter, _time, _logger, _stopping);
                    _queues.Add(webhook.Id, queue);
                }

                queue.Enqueue(withBody);
            }
        }
    }

    private async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Reading the webhooks failed: {Error}", e.Message);
            return false;
        }
    }
}
