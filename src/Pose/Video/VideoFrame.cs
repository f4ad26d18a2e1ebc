using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Video;

/// <summary>
/// A decoded frame with its position in the stream. Frames come from a <see cref="FramePool"/>: whoever holds a frame
/// last disposes it, which returns it to the pool (a dropped frame is disposed by whoever dropped it).
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private readonly FramePool? _pool;

    /// <summary>Creates a frame around <paramref name="image"/>; with a pool, disposal returns it there.</summary>
    public VideoFrame(RgbImage image, FramePool? pool = null)
    {
        Image = image;
        _pool = pool;
    }

    /// <summary>The pixels.</summary>
    public RgbImage Image { get; }

    /// <summary>Frame number within the source (0-based, counting delivered frames).</summary>
    public long Index { get; set; }

    /// <summary>Presentation time within the source.</summary>
    public TimeSpan Timestamp { get; set; }

    /// <summary>Wall-clock time the frame was read from the decoder.</summary>
    public DateTimeOffset CapturedAt { get; set; }

    /// <summary>Returns the frame to its pool (or frees the image when it has none).</summary>
    public void Dispose()
    {
        if (_pool is not null)
        {
            _pool.Return(this);
        }
        else
        {
            Image.Dispose();
        }
    }
}
