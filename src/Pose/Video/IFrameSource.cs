namespace PoseCluster.Pose.Video;

/// <summary>
/// A stream of decoded RGB frames: a video file, a live camera (RTSP, HTTP MJPEG), an image or a folder of images.
/// One consumer reads it; calls to <see cref="ReadAsync"/> must not overlap.
/// </summary>
public interface IFrameSource : IAsyncDisposable
{
    /// <summary>The source's path or URL with credentials redacted: safe for logs and user interfaces.</summary>
    string DisplayName { get; }

    /// <summary>What the source turned out to be, once it is open (after the first successful read); null before.</summary>
    FrameSourceInfo? Info { get; }

    /// <summary>
    /// Reads the next frame, or returns null at the end of the stream. The frame is rented from a pool: the caller
    /// disposes it when done (which recycles its buffer). Throws <see cref="FrameSourceException"/> when the source
    /// cannot be opened or fails while streaming; never waits longer than the source's open/stall timeouts.
    /// </summary>
    ValueTask<VideoFrame?> ReadAsync(CancellationToken cancellationToken = default);
}
