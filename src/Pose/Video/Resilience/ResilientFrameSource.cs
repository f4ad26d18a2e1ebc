using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PoseCluster.Pose.Video.Resilience;

/// <summary>
/// A watchdog around a frame source, for cameras: when the inner source stalls, disconnects or fails, it reports the
/// state with a reason (<see cref="State"/>, <see cref="StateChanged"/>), disposes the inner source and opens a new
/// one with exponential backoff, until the stream resumes. Permanent errors (not found, unsupported, unauthorized) and
/// too many attempts end in <see cref="FrameSourceState.Failed"/>.
/// <para>
/// Frames keep one numbering across reconnections: <see cref="VideoFrame.Index"/> counts every delivered frame, and
/// <see cref="VideoFrame.Timestamp"/> never goes back (after a reconnection, a live source continues from the time
/// elapsed since this source's first frame; a restarted file continues one frame after its last timestamp).
/// </para>
/// <para>
/// <see cref="StateChanged"/> is raised on the reading thread, inside <see cref="ReadAsync"/>: keep handlers short.
/// </para>
/// </summary>
public sealed class ResilientFrameSource : IFrameSource
{
    private readonly Func<IFrameSource> _open;
    private readonly ResilientFrameSourceOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposal = new();
    private IFrameSource? _current;
    private bool _currentDelivered;
    private FrameSourceException? _finalError;
    private long _nextAttemptTicks;
    private long _firstFrameTicks;
    private long _delivered;
    private TimeSpan _timestampOffset;
    private TimeSpan _lastTimestamp;
    private double _lastRate;
    private bool _wasInterrupted;
    private volatile FrameSourceState _state = FrameSourceState.Connecting;
    private volatile string _reason = "not opened yet";
    private bool _disposed;

    /// <summary>
    /// Creates a watchdog that opens inner sources with <paramref name="open"/> (called again for every reconnection;
    /// it may throw <see cref="FrameSourceException"/>). Nothing is opened until the first read.
    /// </summary>
    public ResilientFrameSource(string displayName, Func<IFrameSource> open, ResilientFrameSourceOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        var own = options?.Clone() ?? new ResilientFrameSourceOptions();
        own.Validate();
        DisplayName = SourceRedactor.Redact(displayName);
        _open = open;
        _options = own;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string DisplayName { get; }

    /// <summary>The latest inner source's description (kept while reconnecting); null before the first open.</summary>
    public FrameSourceInfo? Info { get; private set; }

    /// <summary>The current state.</summary>
    public FrameSourceState State => _state;

    /// <summary>Why the source is in its state (redacted).</summary>
    public string Reason => _reason;

    /// <summary>The category of the latest failure; null before any.</summary>
    public FrameSourceErrorKind? LastError { get; private set; }

    /// <summary>Times streaming resumed after an interruption.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Failed attempts since the last frame (0 while streaming).</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>Raised on every state change, on the reading thread.</summary>
    public event EventHandler<FrameSourceStatus>? StateChanged;

    /// <summary>
    /// A watchdog over <see cref="FrameSourceFactory.Open"/> for <paramref name="source"/> (validated now; the options
    /// are copied).
    /// </summary>
    public static ResilientFrameSource Open(FrameSourceOptions source, ResilientFrameSourceOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.Validate();
        var own = source.Clone();
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        return new ResilientFrameSource(own.Source, () => FrameSourceFactory.Open(own, factory), options, factory.CreateLogger<ResilientFrameSource>());
    }

    /// <summary>
    /// Reads the next frame, reconnecting as long as it takes. Returns null when a file source ends; throws the
    /// <see cref="FrameSourceException"/> that made the source <see cref="FrameSourceState.Failed"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<VideoFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_disposed || _state == FrameSourceState.Ended)
            {
                return null;
            }

            if (_finalError is not null)
            {
                throw _finalError;
            }

            var current = _current;
            if (current is null)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _nextAttemptTicks);
                if (_nextAttemptTicks != 0 && wait > TimeSpan.Zero && !await BackOffAsync(wait, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                if (_state != FrameSourceState.Failed)
                {
                    SetState(FrameSourceState.Connecting, _wasInterrupted ? $"reconnecting (attempt {ConsecutiveFailures + 1})" : "opening", null);
                }

                try
                {
                    current = _current = _open();
                    _currentDelivered = false;
                }
                catch (FrameSourceException e)
                {
                    OnFailure(e);
                    continue;
                }
            }

            VideoFrame? frame;
            try
            {
                frame = await current.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FrameSourceException e)
            {
                await CloseCurrentAsync().ConfigureAwait(false);
                OnFailure(e);
                continue;
            }

            if (_disposed)
            {
                // Disposed while this read was pending: end quietly.
                frame?.Dispose();
                return null;
            }

            if (frame is null)
            {
                var live = current.Info?.IsLive ?? false;
                await CloseCurrentAsync().ConfigureAwait(false);
                if (!live && !_options.ReconnectAtEnd)
                {
                    SetState(FrameSourceState.Ended, "end of stream", null);
                    return null;
                }

                OnFailure(new FrameSourceException(
                    FrameSourceErrorKind.Ended,
                    DisplayName,
                    live ? $"Ended: the live stream '{DisplayName}' closed." : $"Ended: '{DisplayName}' reached its end; restarting."));
                continue;
            }

            Deliver(current, frame);
            return frame;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _disposal.Cancel();
        await CloseCurrentAsync().ConfigureAwait(false);
    }

    /// <summary>Waits before the next attempt; false when disposal cut the wait short.</summary>
    private async ValueTask<bool> BackOffAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        // Linked only here (reconnections are rare) so that disposal ends a long backoff at once.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposal.Token);
        try
        {
            await Task.Delay(wait, linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (_disposed && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Deliver(IFrameSource current, VideoFrame frame)
    {
        var now = Stopwatch.GetTimestamp();
        if (!_currentDelivered)
        {
            _currentDelivered = true;
            Info = current.Info;
            if (_firstFrameTicks == 0)
            {
                _firstFrameTicks = now;
            }
            else if (Info?.IsLive ?? false)
            {
                _timestampOffset = Stopwatch.GetElapsedTime(_firstFrameTicks, now) - frame.Timestamp;
            }
            else
            {
                var step = _lastRate > 0 ? TimeSpan.FromSeconds(1 / _lastRate) : TimeSpan.Zero;
                _timestampOffset = _lastTimestamp + step - frame.Timestamp;
            }

            _lastRate = Info?.FramesPerSecond ?? 0;
        }

        frame.Index = _delivered++;
        frame.Timestamp += _timestampOffset;
        _lastTimestamp = frame.Timestamp;
        if (_state != FrameSourceState.Streaming)
        {
            if (_wasInterrupted)
            {
                Reconnects++;
            }

            ConsecutiveFailures = 0;
            _nextAttemptTicks = 0;
            SetState(FrameSourceState.Streaming, _wasInterrupted ? $"streaming again after reconnection {Reconnects}" : "streaming", null);
        }
    }

    private void OnFailure(FrameSourceException error)
    {
        _wasInterrupted = true;
        ConsecutiveFailures++;
        LastError = error.Kind;
        if (error.IsPermanent)
        {
            if (_options.RetryPermanentErrors)
            {
                _nextAttemptTicks = Stopwatch.GetTimestamp() + Ticks(ReconnectBackoff.Delay(_options, int.MaxValue, Random.Shared.NextDouble()));
            }
            else
            {
                _finalError = error;
            }

            SetState(FrameSourceState.Failed, error.Message, error.Kind);
            return;
        }

        if (_options.MaxAttempts is { } max && ConsecutiveFailures >= max)
        {
            _finalError = new FrameSourceException(
                error.Kind,
                DisplayName,
                $"{error.Kind}: gave up on '{DisplayName}' after {ConsecutiveFailures} failed attempts. Last error: {error.Message}",
                error);
            SetState(FrameSourceState.Failed, _finalError.Message, error.Kind);
            return;
        }

        var delay = ReconnectBackoff.Delay(_options, ConsecutiveFailures, Random.Shared.NextDouble());
        _nextAttemptTicks = Stopwatch.GetTimestamp() + Ticks(delay);
        SetState(FrameSourceState.Stalled, $"{error.Message} Retrying in {delay.TotalSeconds:0.0} s.", error.Kind);
    }

    private void SetState(FrameSourceState state, string reason, FrameSourceErrorKind? error)
    {
        var previous = _state;
        _reason = reason;
        _state = state;
        var level = state switch
        {
            FrameSourceState.Failed => LogLevel.Error,
            FrameSourceState.Stalled => LogLevel.Warning,
            FrameSourceState.Connecting => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        _logger.Log(level, "{Source}: {Previous} -> {State}: {Reason}", DisplayName, previous, state, reason);
        var handler = StateChanged;
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new FrameSourceStatus(state, reason, error, Reconnects, DateTimeOffset.UtcNow));
        }
        catch (Exception e)
        {
            // A faulty observer must not take the camera down.
            _logger.LogError(e, "A state change handler of {Source} threw", DisplayName);
        }
    }

    private async ValueTask CloseCurrentAsync()
    {
        var current = _current;
        _current = null;
        if (current is not null)
        {
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
