using System.Diagnostics;

namespace PoseCluster.Pose.Video.Replay;

/// <summary>
/// A simulated live camera: replays a <see cref="ReplayClip"/> in a loop at a chosen frame rate, in real time. Many
/// sources share one clip, so a node can simulate dozens of cameras with one decode. Like a live camera it never ends
/// and does not wait for a slow reader: frames whose time has passed are skipped. The delivered pixels are shared
/// with every other source of the clip and must not be modified.
/// </summary>
public sealed class ReplayFrameSource : IFrameSource
{
    private readonly ReplayClip _clip;
    private readonly double _fps;
    private readonly long _startTicks;
    private long _next;
    private bool _disposed;

    /// <summary>Creates a source replaying <paramref name="clip"/> at <paramref name="framesPerSecond"/>, starting now.</summary>
    public ReplayFrameSource(ReplayClip clip, double framesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (!double.IsFinite(framesPerSecond) || framesPerSecond <= 0 || framesPerSecond > 1000)
        {
            throw new ArgumentException($"The replay rate must be above 0 and at most 1000 frames per second (was {framesPerSecond}).", nameof(framesPerSecond));
        }

        _clip = clip;
        _fps = framesPerSecond;
        _startTicks = Stopwatch.GetTimestamp();
        DisplayName = "replay:" + clip.DisplayName;
        Info = new FrameSourceInfo(clip.Width, clip.Height, clip.Width, clip.Height, framesPerSecond, null, IsLive: true, "replay");
    }

    /// <inheritdoc />
    public string DisplayName { get; }

    /// <inheritdoc />
    public FrameSourceInfo? Info { get; }

    /// <inheritdoc />
    public async ValueTask<VideoFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var elapsed = Stopwatch.GetElapsedTime(_startTicks).TotalSeconds;
        // A live camera does not wait for its reader: skip frames whose time has passed.
        _next = Math.Max(_next, (long)Math.Floor(elapsed * _fps));
        var due = TimeSpan.FromSeconds(_next / _fps - elapsed);
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due, cancellationToken).ConfigureAwait(false);
        }

        var n = _next++;
        var clipIndex = _clip.FramesPerSecond > 0 ? (long)Math.Floor(n * _clip.FramesPerSecond / _fps) : n;
        return new VideoFrame(_clip.View(clipIndex))
        {
            Index = n,
            Timestamp = TimeSpan.FromSeconds(n / _fps),
            CapturedAt = DateTimeOffset.UtcNow,
        };
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
