using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>
/// Frames from a video file or a network camera, decoded by an ffmpeg subprocess that writes raw RGB24 frames to its
/// stdout. The source opens lazily on the first read: it starts ffmpeg, learns the frame geometry from ffmpeg's stream
/// header (stderr), then reads exact frame-size chunks into pooled frames.
/// <para>
/// Timestamps: file frames get <c>index / rate</c>, where the rate is ffmpeg's nominal output rate (the target rate
/// when sampling, capped at the source rate): exact for constant-rate files, and off by less than one source frame
/// interval (never drifting) when sampling at a rate that does not divide the source rate. Live frames get the
/// monotonic time elapsed since the first frame arrived: network timestamps restart on every reconnection and some
/// cameras send none.
/// </para>
/// <para>
/// Never hangs: a timer kills ffmpeg when opening exceeds the open timeout or a read waits longer than the stall
/// timeout, and the read then fails with a classified <see cref="FrameSourceException"/>.
/// </para>
/// </summary>
internal sealed class FfmpegFrameSource : IFrameSource
{
    private const int TimeoutNone = 0;
    private const int TimeoutOpening = 1;
    private const int TimeoutStalled = 2;

    private readonly FrameSourceOptions _options;
    private readonly SourceAddress _address;
    private readonly ILogger _logger;
    private readonly long _openTimeoutTicks;
    private readonly long _stallTimeoutTicks;
    private FfmpegProcess? _process;
    private Timer? _watchdog;
    private FramePool? _pool;
    private VideoFrame? _partial;
    private int _partialOffset;
    private long _delivered;
    private double _rate;
    private long _firstFrameTicks;
    private long _deadline;
    private long _openDeadline;
    private int _timedOut;
    private volatile bool _opening;
    private bool _ended;
    private FrameSourceException? _fault;
    private volatile bool _disposed;

    public FfmpegFrameSource(FrameSourceOptions options, SourceAddress address, ILogger logger)
    {
        _options = options;
        _address = address;
        _logger = logger;
        _openTimeoutTicks = (long)(options.OpenTimeout.TotalSeconds * Stopwatch.Frequency);
        _stallTimeoutTicks = (long)(options.StallTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <inheritdoc />
    public string DisplayName => _address.DisplayName;

    /// <inheritdoc />
    public FrameSourceInfo? Info { get; private set; }

    /// <summary>The frame pool once open (tests check that it stops growing).</summary>
    internal FramePool? Pool => _pool;

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<VideoFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is not null)
        {
            throw _fault;
        }

        if (_ended)
        {
            return null;
        }

        if (_process is null)
        {
            await OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        var process = _process!;
        var frame = _partial ??= _pool!.Rent();
        var pixels = frame.Image.PixelMemory;
        while (_partialOffset < pixels.Length)
        {
            int read;
            // Until the first frame the open deadline runs on (also across a cancelled read); after it, each wait
            // for data gets the stall timeout.
            Volatile.Write(ref _deadline, _opening ? _openDeadline : Stopwatch.GetTimestamp() + _stallTimeoutTicks);

            try
            {
                read = await process.ReadOutputAsync(pixels[_partialOffset..], cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The partial frame stays: the next read continues filling it, so the pipe stays frame-aligned.
                Volatile.Write(ref _deadline, 0);
                throw;
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The pipe broke: ffmpeg is gone; its exit code and stderr say why.
                read = 0;
            }
            catch (ObjectDisposedException) when (_disposed)
            {
                read = 0;
            }

            if (read == 0)
            {
                Volatile.Write(ref _deadline, 0);
                return await FinishAsync().ConfigureAwait(false);
            }

            _partialOffset += read;
        }

        Volatile.Write(ref _deadline, 0);
        _partial = null;
        _partialOffset = 0;
        var now = Stopwatch.GetTimestamp();
        if (_opening)
        {
            _opening = false;
            _firstFrameTicks = now;
        }

        frame.Index = _delivered;
        frame.Timestamp = _address.IsLive || _rate <= 0
            ? Stopwatch.GetElapsedTime(_firstFrameTicks, now)
            : TimeSpan.FromTicks((long)Math.Round(_delivered * TimeSpan.TicksPerSecond / _rate));
        frame.CapturedAt = DateTimeOffset.UtcNow;
        _delivered++;
        return frame;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        }

        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        _partial?.Dispose();
        _partial = null;
    }

    private async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        _opening = true;
        _timedOut = TimeoutNone;
        _openDeadline = Stopwatch.GetTimestamp() + _openTimeoutTicks;
        Volatile.Write(ref _deadline, _openDeadline);
        try
        {
            _process = FfmpegProcess.Start(
                _options.FfmpegPath,
                FfmpegCommandLine.ForFrameSource(_options, _address),
                redirectInput: false,
                _address.DisplayName,
                _address.Secrets,
                _logger);
        }
        catch (FileNotFoundException e)
        {
            throw Fail(new FrameSourceException(FrameSourceErrorKind.NotFound, DisplayName, e.Message, e));
        }

        var period = TimeSpan.FromTicks(Math.Clamp(Math.Min(_options.StallTimeout.Ticks, _options.OpenTimeout.Ticks) / 10, TimeSpan.TicksPerMillisecond * 20, TimeSpan.TicksPerMillisecond * 250));
        _watchdog = new Timer(static state => ((FfmpegFrameSource)state!).CheckDeadline(), this, period, period);

        bool headerReady;
        try
        {
            headerReady = await _process.HeaderReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Opening was abandoned: tear it down so that a later read starts afresh.
            Volatile.Write(ref _deadline, 0);
            await _watchdog.DisposeAsync().ConfigureAwait(false);
            await _process.DisposeAsync().ConfigureAwait(false);
            _watchdog = null;
            _process = null;
            throw;
        }

        if (!headerReady)
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            throw Fail(Failure(_process, hadFrames: false)
                ?? Error(FrameSourceErrorKind.Unsupported, "ffmpeg reported no video stream geometry", _process.ProblemLines()));
        }

        var header = _process.Header;
        // A live source that declares no rate (MJPEG) gets ffmpeg's guess of 25 fps: report unknown instead.
        _rate = _address.IsLive && !header.SourceFpsDeclared ? 0 : header.OutputFps;
        if (_options.TargetFps is { } target && (_rate <= 0 || target < _rate))
        {
            // The sampling filter keeps the frame rate field of the source; the delivered rate is the target.
            _rate = target;
        }

        _pool = new FramePool(header.OutputWidth, header.OutputHeight, _options.MaxRetainedFrames);
        Info = new FrameSourceInfo(
            header.OutputWidth,
            header.OutputHeight,
            header.SourceWidth > 0 ? header.SourceWidth : header.OutputWidth,
            header.SourceHeight > 0 ? header.SourceHeight : header.OutputHeight,
            _rate,
            _address.IsLive ? null : header.Duration,
            _address.IsLive,
            header.Codec);
        _logger.LogInformation(
            "Opened {Source}: {Codec} {SourceWidth}x{SourceHeight} -> {Width}x{Height} at {Fps:0.##} fps{Live}",
            DisplayName,
            Info.Codec,
            Info.SourceWidth,
            Info.SourceHeight,
            Info.Width,
            Info.Height,
            Info.FramesPerSecond,
            Info.IsLive ? " (live)" : string.Empty);
    }

    private async ValueTask<VideoFrame?> FinishAsync()
    {
        _partial?.Dispose();
        _partial = null;
        _partialOffset = 0;
        if (_disposed)
        {
            // Disposed while a read was pending: the end is ours, not the source's.
            return null;
        }

        var process = _process!;
        await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);

        var hadFrames = _delivered > 0;
        if (Failure(process, hadFrames) is { } failure)
        {
            throw Fail(failure);
        }

        var problems = process.ProblemLines();
        if (!hadFrames)
        {
            string? evidence = null;
            var kind = problems.Any(l => l.Level == FfmpegLogLevel.Error)
                ? FfmpegErrorClassifier.Classify(problems, _address.IsLive, hadFrames, out evidence)
                : FrameSourceErrorKind.Ended;
            throw Fail(Error(kind, "the stream ended before its first frame", problems, evidence));
        }

        if (!_address.IsLive && FfmpegErrorClassifier.ReportsTruncation(problems))
        {
            throw Fail(Error(FrameSourceErrorKind.Corrupt, $"the file ended early, after {_delivered} frames", problems));
        }

        _logger.LogInformation("{Source} ended after {Frames} frames", DisplayName, _delivered);
        _ended = true;
        return null;
    }

    /// <summary>Why an exited ffmpeg stopped, or null when it ended normally.</summary>
    private FrameSourceException? Failure(FfmpegProcess process, bool hadFrames)
    {
        var lines = process.ProblemLines();
        switch (Volatile.Read(ref _timedOut))
        {
            case TimeoutOpening:
            {
                // ffmpeg may have said why it was slow (a 401 retried, DNS): prefer that over a bare timeout.
                string? evidence = null;
                var kind = lines.Count > 0 ? FfmpegErrorClassifier.Classify(lines, _address.IsLive, hadFrames, out evidence) : FrameSourceErrorKind.Unreachable;
                return Error(kind, $"no first frame within the open timeout of {_options.OpenTimeout.TotalSeconds:0.#} s", lines, evidence);
            }

            case TimeoutStalled:
                return Error(
                    FrameSourceErrorKind.Stalled,
                    $"no data for {_options.StallTimeout.TotalSeconds:0.#} s (the stall timeout) after {_delivered} frames",
                    lines);
        }

        if (process.ExitCode is 0)
        {
            return null;
        }

        var what = hadFrames ? $"decoding failed after {_delivered} frames" : "it could not be opened";
        var failed = FfmpegErrorClassifier.Classify(lines, _address.IsLive, hadFrames, out var cause);
        return Error(failed, what, lines, cause);
    }

    private FrameSourceException Error(FrameSourceErrorKind kind, string what, IReadOnlyList<FfmpegLogLine> lines, string? evidence = null)
    {
        var quoted = FfmpegErrorClassifier.Quote(lines, evidence);
        var exit = _process?.ExitCode is { } code and not 0 && Volatile.Read(ref _timedOut) == TimeoutNone ? $" (exit code {code})" : string.Empty;
        var said = quoted.Length > 0 || exit.Length > 0 ? $"{quoted}{exit}." : string.Empty;
        var message = $"{kind}: '{DisplayName}': {what}.{said} {FfmpegErrorClassifier.Advice(kind)}";
        return new FrameSourceException(kind, DisplayName, SourceRedactor.Redact(message, _address.Secrets));
    }

    private FrameSourceException Fail(FrameSourceException exception)
    {
        _fault = exception;
        _logger.LogWarning("{Message}", exception.Message);
        return exception;
    }

    private void CheckDeadline()
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline == 0 || Stopwatch.GetTimestamp() < deadline)
        {
            return;
        }

        var reason = _opening ? TimeoutOpening : TimeoutStalled;
        if (Interlocked.CompareExchange(ref _timedOut, reason, TimeoutNone) == TimeoutNone)
        {
            _logger.LogDebug("{Source}: {Reason}; stopping ffmpeg", DisplayName, reason == TimeoutOpening ? "open timeout" : "stalled");
            _process?.Kill();
        }
    }
}
