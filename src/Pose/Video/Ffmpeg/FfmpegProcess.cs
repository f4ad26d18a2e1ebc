using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipes;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>
/// One running ffmpeg: raw pipes for stdin/stdout, and a background reader for stderr that parses the stream header,
/// keeps the recent warning/error lines (redacted) for error messages, and logs them. Disposal kills the whole process
/// tree, so an abandoned decode never outlives its owner.
/// </summary>
internal sealed class FfmpegProcess : IAsyncDisposable
{
    private const int FirstProblemLines = 4;
    private const int RecentProblemLines = 12;
    private const int MaxLoggedErrors = 10;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly string _displayName;
    private readonly IReadOnlyList<string> _secrets;
    private readonly Lock _lock = new();
    private readonly List<FfmpegLogLine> _firstProblems = new(FirstProblemLines);
    private readonly Queue<FfmpegLogLine> _recentProblems = new(RecentProblemLines);
    private readonly TaskCompletionSource<bool> _headerReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stderrPump;
    private Socket? _outputSocket;
    private bool _outputSocketTried;
    private int _loggedErrors;
    private int _disposed;

    private FfmpegProcess(Process process, string displayName, IReadOnlyList<string> secrets, ILogger logger)
    {
        _process = process;
        _displayName = displayName;
        _secrets = secrets;
        _logger = logger;
        Id = process.Id;
        _stderrPump = Task.Run(PumpStandardErrorAsync);
    }

    /// <summary>The stream header parsed from ffmpeg's info lines (complete once <see cref="HeaderReady"/> is true).</summary>
    public FfmpegStreamHeader Header { get; } = new();

    /// <summary>Completes with true once the output stream's size is known, or false when stderr closed first.</summary>
    public Task<bool> HeaderReady => _headerReady.Task;

    /// <summary>ffmpeg's stdout (raw frames from a decode).</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>
    /// Reads from ffmpeg's stdout without allocating. On Unix the pipe is read through a <see cref="Socket"/> over its
    /// descriptor, which is what <see cref="PipeStream"/> does internally, but without PipeStream's per-call async state
    /// machine (about 90 bytes per read, several reads per frame). Use either this or <see cref="StandardOutput"/>'s
    /// asynchronous reads for one process, never both: a descriptor registers with the event loop once.
    /// </summary>
    public ValueTask<int> ReadOutputAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (!_outputSocketTried)
        {
            _outputSocketTried = true;
            _outputSocket = TryCreateOutputSocket();
        }

        return _outputSocket is { } socket
            ? socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)
            : StandardOutput.ReadAsync(buffer, cancellationToken);
    }

    /// <summary>ffmpeg's stdin (raw frames into an encode).</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>The process id (for logs).</summary>
    public int Id { get; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The exit code once exited; null while running (or once disposed).</summary>
    public int? ExitCode
    {
        get
        {
            try
            {
                return _process.HasExited ? _process.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Starts ffmpeg. Throws <see cref="FileNotFoundException"/> with installation advice when the executable cannot
    /// be started. Arguments may contain secrets: they are logged only redacted.
    /// </summary>
    public static FfmpegProcess Start(
        string executable,
        IReadOnlyList<string> arguments,
        bool redirectInput,
        string displayName,
        IReadOnlyList<string> secrets,
        ILogger logger)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new FileNotFoundException(
                $"ffmpeg could not be started ('{executable}': {e.Message}). Install it (apt-get install ffmpeg, or run " +
                "./posecluster setup) or set the ffmpeg path in the options.",
                executable,
                e);
        }

        var started = new FfmpegProcess(process, displayName, secrets, logger);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(
                "ffmpeg[{Pid}] started for {Source}: {Arguments}",
                process.Id,
                displayName,
                SourceRedactor.Redact(string.Join(' ', arguments), secrets));
        }

        return started;
    }

    /// <summary>
    /// The first few and the most recent warning/error lines, oldest first (redacted): the first ones often say why
    /// (a format misdetection), the last ones how it ended.
    /// </summary>
    public IReadOnlyList<FfmpegLogLine> ProblemLines()
    {
        lock (_lock)
        {
            return [.. _firstProblems, .. _recentProblems];
        }
    }

    /// <summary>Waits for ffmpeg to exit and for its stderr to be read completely, killing it after <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Disposed meanwhile (the owner is shutting down): nothing left to wait for.
            return;
        }

        // stderr closes when the process (and any child holding the pipe) is gone; do not wait forever for it.
        await _stderrPump.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Kills ffmpeg and its children (no-op once exited).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception e)
        {
            _logger.LogDebug(e, "ffmpeg for {Source} could not be killed", _displayName);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!HasExited)
        {
            Kill();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        // The socket does not own the descriptor: dispose it before the process closes the pipe.
        _outputSocket?.Dispose();
        _process.Dispose();
    }

    private Socket? TryCreateOutputSocket()
    {
        if (OperatingSystem.IsWindows() || StandardOutput is not PipeStream pipe)
        {
            return null;
        }

        try
        {
            return new Socket(new SafeSocketHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false));
        }
        catch (Exception e) when (e is SocketException or PlatformNotSupportedException or IOException)
        {
            _logger.LogDebug(e, "Reading ffmpeg's output through a socket is not possible here; using the pipe stream");
            return null;
        }
    }

    private async Task PumpStandardErrorAsync()
    {
        try
        {
            var reader = _process.StandardError;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } raw)
            {
                Accept(FfmpegLogLine.Parse(SourceRedactor.Redact(raw, _secrets)));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe broke because the process is being torn down: nothing more to read.
        }
        finally
        {
            _headerReady.TrySetResult(Header.IsComplete);
        }
    }

    private void Accept(FfmpegLogLine line)
    {
        switch (line.Level)
        {
            case FfmpegLogLevel.Info:
                if (!Header.IsComplete && Header.Accept(line.Message))
                {
                    _headerReady.TrySetResult(true);
                }

                _logger.LogTrace("ffmpeg {Source}: {Line}", _displayName, line.Message);
                return;
            case FfmpegLogLevel.Warning:
                _logger.LogDebug("ffmpeg {Source}: {Line}", _displayName, line.Message);
                break;
            default:
                // Decoders can repeat an error per frame; log the first few, the rest stay in ProblemLines.
                if (Interlocked.Increment(ref _loggedErrors) <= MaxLoggedErrors)
                {
                    _logger.LogWarning("ffmpeg {Source}: {Line}", _displayName, line.Message);
                }

                break;
        }

        lock (_lock)
        {
            if (_firstProblems.Count < FirstProblemLines)
            {
                _firstProblems.Add(line);
                return;
            }

            if (_recentProblems.Count == RecentProblemLines)
            {
                _recentProblems.Dequeue();
            }

            _recentProblems.Enqueue(line);
        }
    }
}
