using System.Threading.Channels;
using PoseCluster.Pose.Video;

namespace PoseCluster.Grains.Camera;

/// <summary>
/// A camera's bounded frame queue between ingest and dispatch. When full, writing drops the oldest waiting frame:
/// it is disposed (its buffer goes back to the pool) and counted, so a slow cluster sees the newest frames, not a
/// growing backlog.
/// </summary>
public sealed class CameraFrameQueue
{
    private readonly Channel<VideoFrame> _channel;
    private readonly Action? _onDropped;
    private long _dropped;

    /// <summary>Creates a queue of <paramref name="capacity"/> frames; <paramref name="onDropped"/> runs for every dropped frame.</summary>
    public CameraFrameQueue(int capacity, Action? onDropped = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _onDropped = onDropped;
        _channel = Channel.CreateBounded<VideoFrame>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            Drop);
    }

    /// <summary>The frames, oldest first; whoever reads a frame disposes it.</summary>
    public ChannelReader<VideoFrame> Reader => _channel.Reader;

    /// <summary>Frames waiting.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Frames dropped so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a frame (dropping the oldest when full); after <see cref="Complete"/> the frame is dropped.</summary>
    public void Write(VideoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!_channel.Writer.TryWrite(frame))
        {
            Drop(frame);
        }
    }

    /// <summary>Stops accepting frames and disposes those still waiting (not counted as drops).</summary>
    public void Complete()
    {
        _channel.Writer.TryComplete();
        while (_channel.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }

    private void Drop(VideoFrame frame)
    {
        frame.Dispose();
        Interlocked.Increment(ref _dropped);
        _onDropped?.Invoke();
    }
}
