using System.Threading.Channels;

namespace PoseCluster.Grains.Streaming;

/// <summary>One subscriber's view of a <see cref="PoseStreamHub"/>; dispose it to unsubscribe.</summary>
public sealed class PoseStreamSubscription : IDisposable
{
    private readonly PoseStreamHub _hub;
    private readonly IReadOnlySet<Guid>? _cameras;
    private readonly Channel<PoseStreamMessage> _channel;
    private long _dropped;

    internal PoseStreamSubscription(PoseStreamHub hub, IReadOnlySet<Guid>? cameras, int capacity, Action onDrop)
    {
        _hub = hub;
        _cameras = cameras;
        _channel = Channel.CreateBounded<PoseStreamMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                onDrop();
            });
    }

    /// <summary>The messages, oldest first.</summary>
    public ChannelReader<PoseStreamMessage> Reader => _channel.Reader;

    /// <summary>Messages this subscriber lost by falling behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Whether this subscription wants <paramref name="camera"/>.</summary>
    public bool Wants(Guid camera) => _cameras is null || _cameras.Contains(camera);

    /// <summary>Queues a message directly to this subscriber (e.g. the current status of each camera when it joins).</summary>
    public void Offer(PoseStreamMessage message)
    {
        if (Wants(message.CameraId))
        {
            _channel.Writer.TryWrite(message);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _hub.Remove(this);
        _channel.Writer.TryComplete();
    }
}
