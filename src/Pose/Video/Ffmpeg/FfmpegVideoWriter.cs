using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>
/// Writes RGB frames to a video file through an ffmpeg subprocess (raw RGB24 on its stdin). Dispose (or
/// <see cref="Complete"/>) finalises the file; like a file stream's flush, that can throw when ffmpeg failed.
/// Not thread-safe: one writer per thread.
/// </summary>
public sealed class FfmpegVideoWriter : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(60);

    private readonly FfmpegVideoWriterOptions _options;
    private readonly FfmpegProcess _process;
    private readonly Stream _stdin;
    private bool _completed;

    /// <summary>Starts the encoder. Throws <see cref="ArgumentException"/> for invalid options, <see cref="IOException"/> when ffmpeg cannot start.</summary>
    public FfmpegVideoWriter(FfmpegVideoWriterOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        Encoder = _options.Encoder ?? FfmpegEncoders.Preferred(_options.FfmpegPath);
        var path = System.IO.Path.GetFullPath(_options.Path);
        try
        {
            _process = FfmpegProcess.Start(
                _options.FfmpegPath,
                FfmpegCommandLine.ForEncoder(path, _options.Width, _options.Height, _options.FramesPerSecond, Encoder, _options.Crf),
                redirectInput: true,
                path,
                [],
                logger ?? NullLogger.Instance);
        }
        catch (FileNotFoundException e)
        {
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }

        _stdin = _process.StandardInput;
    }

    /// <summary>The encoder in use (libx264 or mpeg4 unless chosen).</summary>
    public string Encoder { get; }

    /// <summary>Frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Appends a frame; it must have the writer's size.</summary>
    public void Write(RgbImage frame)
    {
        CheckFrame(frame);
        try
        {
            _stdin.Write(frame.Pixels);
        }
        catch (IOException e)
        {
            // The pipe broke because ffmpeg exited: let it finish so that its stderr explains why.
            _process.WaitForExitAsync(TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
            throw Failed("stopped accepting frames", e);
        }

        FramesWritten++;
    }

    /// <summary>Appends a frame asynchronously; it must have the writer's size.</summary>
    public async ValueTask WriteAsync(RgbImage frame, CancellationToken cancellationToken = default)
    {
        CheckFrame(frame);
        try
        {
            await _stdin.WriteAsync(frame.PixelMemory, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            throw Failed("stopped accepting frames", e);
        }

        FramesWritten++;
    }

    /// <summary>Finishes the file and waits for ffmpeg; throws <see cref="IOException"/> with ffmpeg's reason when it failed.</summary>
    public void Complete() => CompleteAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Finishes the file and waits for ffmpeg; throws <see cref="IOException"/> with ffmpeg's reason when it failed.</summary>
    public async ValueTask CompleteAsync()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        try
        {
            await _stdin.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ffmpeg already gone: its exit code and stderr below say why.
        }

        await _process.WaitForExitAsync(FinishTimeout).ConfigureAwait(false);
        var exitCode = _process.ExitCode;
        await _process.DisposeAsync().ConfigureAwait(false);
        if (exitCode is not 0)
        {
            throw Failed($"failed (exit code {exitCode})", null);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Complete();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => CompleteAsync();

    private void CheckFrame(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (frame.Width != _options.Width || frame.Height != _options.Height)
        {
            throw new ArgumentException(
                $"The writer expects {_options.Width}x{_options.Height} frames; got {frame.Width}x{frame.Height}.", nameof(frame));
        }
    }

    private IOException Failed(string what, Exception? inner)
    {
        var last = FfmpegErrorClassifier.LastProblem(_process.ProblemLines());
        var quoted = last is null ? string.Empty : $" ffmpeg said: \"{last}\".";
        return new IOException($"Writing the video '{_options.Path}' with {Encoder} {what}.{quoted}", inner);
    }
}
