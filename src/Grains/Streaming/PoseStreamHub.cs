using PoseCluster.Grains.Telemetry;

namespace PoseCluster.Grains.Streaming;

/// <summary>
/// A node's live pose stream: cameras publish pose and status messages, subscribers (the gateway, tests) each read
/// them through their own bounded channel. A subscriber that falls behind loses its oldest messages (counted in
/// <c>posecluster.stream.drops</c>); publishers never wait.
/// </summary>
public sealed class PoseStreamHub
{
    private readonly Lock _gate = new();
    private readonly StreamOptions _options;
    private readonly KeyValuePair<string, object?> _node;
    private readonly System.Diagnostics.Metrics.Counter<long> _drops;
    private readonly System.Diagnostics.Metrics.Counter<long> _published;
    private PoseStreamSubscription[] _subscribers = [];

    /// <summary>Creates the hub.</summary>
    public PoseStreamHub(StreamOptions options, GrainMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _node = meter.NodeTag;
        _drops = meter.Meter.CreateCounter<long>("posecluster.stream.drops", description: "Stream messages dropped because a subscriber fell behind");
        _published = meter.Meter.CreateCounter<long>("posecluster.stream.messages", description: "Stream messages published");
        meter.Meter.CreateObservableGauge("posecluster.stream.subscribers", () => new System.Diagnostics.Metrics.Measurement<int>(Volatile.Read(ref _subscribers).Length, _node), description: "Live stream subscribers");
    }

    /// <summary>Subscribers now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Subscribes to every camera (<paramref name="cameras"/> null or empty) or only to those listed.</summary>
    public PoseStreamSubscription Subscribe(IReadOnlySet<Guid>? cameras = null)
    {
        var subscription = new PoseStreamSubscription(this, cameras is { Count: > 0 } ? cameras : null, _options.SubscriberQueueCapacity, () => _drops.Add(1, _node));
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    /// <summary>Sends <paramref name="message"/> to every subscriber that wants its camera.</summary>
    public void Publish(PoseStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _published.Add(1, _node);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(message);
        }
    }

    internal void Remove(PoseStreamSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
        }
    }
}
