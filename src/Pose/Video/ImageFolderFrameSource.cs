using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.Pose.Video;

/// <summary>
/// Frames from a still image, or from the images of a folder in ordinal file-name order (zero-pad numbered names).
/// Each image is decoded by its own short ffmpeg run, which reads every format ffmpeg knows and scales exactly like
/// the video path; a single looping image is decoded once and replayed from memory.
/// <para>
/// Images have no rate of their own: their nominal rate is <see cref="FrameSourceOptions.TargetFps"/> (default 1 fps),
/// which sets the timestamps (<c>index / rate</c>) and, with <see cref="FrameSourceOptions.Realtime"/>, the pacing.
/// Without an output size, frames take each image's own size, which may vary across a folder.
/// </para>
/// <para>
/// An undecodable image in a folder is logged and skipped; the source fails only when a whole pass yields nothing.
/// A single image that cannot be decoded fails at once.
/// </para>
/// </summary>
internal sealed class ImageFolderFrameSource : IFrameSource
{
    private readonly FrameSourceOptions _options;
    private readonly SourceAddress _address;
    private readonly ILogger _logger;
    private readonly double _rate;
    private readonly CancellationTokenSource _disposal = new();
    private string[]? _files;
    private int _next;
    private int _failuresInPass;
    private long _delivered;
    private long _startTicks;
    private FramePool? _pool;
    private RgbImage? _cached;
    private bool _ended;
    private bool _disposed;

    public ImageFolderFrameSource(FrameSourceOptions options, SourceAddress address, ILogger logger)
    {
        _options = options;
        _address = address;
        _logger = logger;
        _rate = options.TargetFps ?? 1.0;
    }

    /// <inheritdoc />
    public string DisplayName => _address.DisplayName;

    /// <inheritdoc />
    public FrameSourceInfo? Info { get; private set; }

    /// <inheritdoc />
    public async ValueTask<VideoFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended)
        {
            return null;
        }

        var files = _files ??= ListImages();
        if (_startTicks == 0)
        {
            _startTicks = Stopwatch.GetTimestamp();
        }

        if (_options.Realtime)
        {
            var due = TimeSpan.FromSeconds(_delivered / _rate) - Stopwatch.GetElapsedTime(_startTicks);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }
        }

        while (true)
        {
            if (_next == files.Length)
            {
                if (!_options.Loop)
                {
                    _ended = true;
                    return null;
                }

                _next = 0;
                _failuresInPass = 0;
            }

            var path = files[_next++];
            var frame = await DecodeAsync(path, files.Length, cancellationToken).ConfigureAwait(false);
            if (_disposed)
            {
                frame?.Dispose();
                return null;
            }

            if (frame is null)
            {
                continue;
            }

            frame.Index = _delivered;
            frame.Timestamp = TimeSpan.FromTicks((long)Math.Round(_delivered * TimeSpan.TicksPerSecond / _rate));
            frame.CapturedAt = DateTimeOffset.UtcNow;
            _delivered++;
            return frame;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            // Cancel only: a read still running may link to the token (a CTS without timers needs no disposal).
            _disposal.Cancel();
            _cached?.Dispose();
            _cached = null;
        }

        return ValueTask.CompletedTask;
    }

    private async Task<VideoFrame?> DecodeAsync(string path, int fileCount, CancellationToken cancellationToken)
    {
        if (_cached is not null)
        {
            var copy = Rent(_cached.Width, _cached.Height);
            _cached.Pixels.CopyTo(copy.Image.Pixels);
            return copy;
        }

        VideoFrame? frame = null;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposal.Token);
            var (_, header) = await FfmpegPictureDecoder.DecodeAsync(
                _options.FfmpegPath,
                path,
                _options.OutputWidth,
                _options.OutputHeight,
                _options.OpenTimeout,
                (w, h) => (frame = Rent(w, h)).Image,
                _logger,
                linked.Token).ConfigureAwait(false);
            Info ??= new FrameSourceInfo(
                header.OutputWidth,
                header.OutputHeight,
                header.SourceWidth,
                header.SourceHeight,
                _rate,
                fileCount > 1 ? TimeSpan.FromSeconds(fileCount / _rate) : null,
                IsLive: false,
                header.Codec);
            if (fileCount == 1 && _options.Loop)
            {
                // A still camera replays one picture forever: decode it once.
                _cached = frame!.Image.Clone();
            }

            return frame;
        }
        catch (FrameSourceException e) when (_address.Kind == SourceKind.ImageFolder && e.Kind != FrameSourceErrorKind.NotFound)
        {
            frame?.Dispose();
            _failuresInPass++;
            _logger.LogWarning("Skipping an image of {Source}: {Reason}", DisplayName, e.Message);
            if (_failuresInPass >= fileCount)
            {
                throw new FrameSourceException(
                    e.Kind,
                    DisplayName,
                    $"{e.Kind}: none of the {fileCount} images in '{DisplayName}' could be decoded; the last error: {e.Message}",
                    e);
            }

            return null;
        }
        catch (OperationCanceledException) when (_disposed)
        {
            frame?.Dispose();
            return null;
        }
        catch
        {
            frame?.Dispose();
            throw;
        }
    }

    private VideoFrame Rent(int width, int height)
    {
        // Folder images may differ in size: a new size gets a new pool (frames of the old one just fall away).
        if (_pool is null || _pool.Width != width || _pool.Height != height)
        {
            _pool = new FramePool(width, height, _options.MaxRetainedFrames);
        }

        return _pool.Rent();
    }

    private string[] ListImages()
    {
        if (_address.Kind == SourceKind.ImageFile)
        {
            return [_address.Target];
        }

        string[] files;
        try
        {
            files = Directory.EnumerateFiles(_address.Target)
                .Where(f => SourceAddress.ImageExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException(
                e is UnauthorizedAccessException ? FrameSourceErrorKind.Unauthorized : FrameSourceErrorKind.NotFound,
                DisplayName,
                $"The image folder '{DisplayName}' could not be listed: {e.Message}",
                e);
        }

        if (files.Length == 0)
        {
            throw new FrameSourceException(
                FrameSourceErrorKind.NotFound,
                DisplayName,
                $"NotFound: the folder '{DisplayName}' holds no images ({string.Join(", ", SourceAddress.ImageExtensions.Order(StringComparer.Ordinal))}).");
        }

        _logger.LogInformation("Opened {Source}: {Count} images", DisplayName, files.Length);
        return files;
    }
}
