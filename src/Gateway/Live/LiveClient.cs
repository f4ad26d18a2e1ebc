using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// One browser connection of the live hub: a bounded drop-oldest queue (drops counted) in front of a pump that sends
/// one message at a time. A slow browser only fills its own queue: the fan-out never waits for it.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly Channel<LiveEnvelope> _queue;
    private readonly ILiveClient _proxy;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop;
    private readonly Dictionary<Guid, long> _lastSent = [];
    private readonly Lock _throttleGate = new();
    private Subscription? _subscription;
    private Task _pump = Task.CompletedTask;
    private long _sent;
    private long _dropped;
    private long _throttled;

    internal LiveClient(string connectionId, ILiveClient proxy, int capacity, GatewayMetrics metrics, ILogger logger, CancellationToken aborted)
    {
        ConnectionId = connectionId;
        QueueCapacity = capacity;
        _proxy = proxy;
        _metrics = metrics;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        _queue = Channel.CreateBounded<LiveEnvelope>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                _metrics.ClientMessage("dropped");
            });
    }

    /// <summary>The SignalR connection id.</summary>
    public string ConnectionId { get; }

    /// <summary>The queue's size.</summary>
    public int QueueCapacity { get; }

    /// <summary>Delivery counters now.</summary>
    public LiveClientStats Stats => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _dropped), Interlocked.Read(ref _throttled), _queue.Reader.Count, QueueCapacity);

    /// <summary>Sets what the connection receives: cameras (null: all) at most <paramref name="maxFps"/>, and site snapshots of <paramref name="sites"/> (null: none).</summary>
    public void Subscribe(IReadOnlySet<Guid>? cameras, double maxFps, IReadOnlySet<Guid>? sites = null)
    {
        lock (_throttleGate)
        {
            _lastSent.Clear();
        }

        Volatile.Write(ref _subscription, new Subscription(cameras, maxFps > 0 ? (long)(Stopwatch.Frequency / maxFps) : 0, sites));
    }

    /// <summary>Queues a message when the subscription wants it; never waits.</summary>
    internal void Offer(in LiveEnvelope message)
    {
        if (message.Stats is not null)
        {
            _queue.Writer.TryWrite(message);
            return;
        }

        var subscription = Volatile.Read(ref _subscription);
        if (message.Site is not null)
        {
            // Site snapshots come about once a second: no rate limit, only the subscription.
            if (subscription?.Sites is { } sites && sites.Contains(message.Camera))
            {
                _queue.Writer.TryWrite(message);
            }

            return;
        }

        if (subscription is null || (subscription.Cameras is not null && !subscription.Cameras.Contains(message.Camera)))
        {
            return;
        }

        if (message.Pose is not null && subscription.MinIntervalTicks > 0)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_throttleGate)
            {
                if (_lastSent.TryGetValue(message.Camera, out var last) && now - last < subscription.MinIntervalTicks)
                {
                    Interlocked.Increment(ref _throttled);
                    _metrics.ClientMessage("throttled");
                    return;
                }

                _lastSent[message.Camera] = now;
            }
        }

        _queue.Writer.TryWrite(message);
    }

    /// <summary>Starts sending.</summary>
    internal void Start() => _pump = Task.Run(PumpAsync);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                // Each send waits for the connection's transport (backpressure from this browser only).
                var send = message.Pose is { } pose ? _proxy.Pose(pose)
                    : message.Status is { } status ? _proxy.Status(status)
                    : message.Site is { } site ? _proxy.Site(site)
                    : _proxy.Stats(message.Stats! with { Sent = Interlocked.Read(ref _sent) });
                await send.WaitAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _sent);
                _metrics.ClientMessage("sent");
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogDebug("Live feed to {Connection} ended: {Error}", ConnectionId, e.Message);
        }
    }

    private sealed record Subscription(IReadOnlySet<Guid>? Cameras, long MinIntervalTicks, IReadOnlySet<Guid>? Sites);
}
