using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Video;

/// <summary>
/// A bounded pool of frames of one size. Sources rent a frame per decoded image and consumers dispose it, so a stream
/// in steady state reuses the same few buffers instead of allocating per frame.
/// </summary>
public sealed class FramePool
{
    private readonly Stack<VideoFrame> _free = new();
    private readonly Lock _lock = new();
    private readonly int _maxRetained;

    /// <summary>Creates a pool of <paramref name="width"/> x <paramref name="height"/> frames keeping at most <paramref name="maxRetained"/> idle.</summary>
    public FramePool(int width, int height, int maxRetained = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _maxRetained = maxRetained;
    }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>Frames created so far (a steady stream stops growing this).</summary>
    public int Created { get; private set; }

    /// <summary>Rents a frame (contents undefined).</summary>
    public VideoFrame Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var frame))
            {
                return frame;
            }

            Created++;
        }

        return new VideoFrame(new RgbImage(Width, Height), this);
    }

    internal void Return(VideoFrame frame)
    {
        lock (_lock)
        {
            if (_free.Count < _maxRetained && !_free.Contains(frame))
            {
                _free.Push(frame);
                return;
            }
        }

        frame.Image.Dispose();
    }
}
