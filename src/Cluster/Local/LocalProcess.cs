using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PoseCluster.Cluster.Local;

/// <summary>
/// A process of a local cluster, started from a <see cref="LocalProcessSpec"/> in its own session and process group
/// (<c>setsid</c>), so that Ctrl+C in the launcher's terminal reaches only the launcher (which then stops everything in
/// order) and so that stopping it also ends whatever it started (a silo's ffmpeg decoders). Its output goes to its log
/// file and a short in-memory tail. Its standard input is a pipe that is never written: it reads end-of-file when the
/// launcher is gone, a signal a child may use to exit with its parent.
/// </summary>
public sealed class LocalProcess : IAsyncDisposable
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);
    private readonly Process _process;
    private readonly OrphanGuard? _guard;
    private readonly Lock _gate = new();
    private readonly Queue<string> _recent = new();
    private readonly StreamWriter? _log;
    private readonly Regex? _addressPattern;
    private readonly Regex? _readyPattern;
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _logClosed;

    private LocalProcess(LocalProcessSpec spec, Process process, StreamWriter? log, OrphanGuard? guard)
    {
        Spec = spec;
        _process = process;
        _log = log;
        _guard = guard;
        _addressPattern = spec.AddressPattern is { } a ? new Regex(a, RegexOptions.None, PatternTimeout) : null;
        _readyPattern = spec.ReadyPattern is { } r ? new Regex(r, RegexOptions.None, PatternTimeout) : null;
        if (_readyPattern is null)
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>What was started.</summary>
    public LocalProcessSpec Spec { get; }

    /// <summary>The process's name (<see cref="LocalProcessSpec.Name"/>).</summary>
    public string Name => Spec.Name;

    /// <summary>The process id, which is also its process group and session id.</summary>
    public int ProcessId { get; private set; }

    /// <summary>When it was started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Completes with the exit code when the process has exited and its output has been read.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The last output lines (at most <see cref="LocalProcessSpec.RecentLines"/>).</summary>
    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="spec"/> in a new session. <paramref name="guard"/>, when given, learns the process group
    /// at once, so the group is ended even if the caller dies the next moment.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid.</exception>
    /// <exception cref="InvalidOperationException">The executable could not be started.</exception>
    public static LocalProcess Start(LocalProcessSpec spec, OrphanGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        StreamWriter? log = null;
        if (spec.LogFile is { } logFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var local = new LocalProcess(spec, process, log, guard);
        process.OutputDataReceived += (_, e) => local.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => local.OnLine(e.Data);
        process.Exited += (_, _) => _ = local.OnExitedAsync();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            log?.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"Process '{spec.Name}' could not be started ({spec.FileName}): {e.Message}", e);
        }

        // setsid execs in place (a child of ours is never a group leader), so the pid is the new group's id too.
        local.ProcessId = process.Id;
        local.StartedAt = DateTimeOffset.UtcNow;
        guard?.Watch(process.Id, spec.StopSignal);
        local.WriteLog(string.Create(CultureInfo.InvariantCulture, $"# {local.StartedAt:O} started pid {process.Id}: {spec.FileName} {string.Join(' ', spec.Arguments)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return local;
    }

    /// <summary>The address found by <see cref="LocalProcessSpec.AddressPattern"/>.</summary>
    /// <exception cref="TimeoutException">Not found within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The process exited first, or the spec has no address pattern.</exception>
    public async Task<string> AddressAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_addressPattern is null)
        {
            throw new InvalidOperationException($"Process '{Name}' has no address pattern.");
        }

        try
        {
            return await _address.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Process '{Name}' did not announce its address within {timeout.TotalSeconds:0} s.{FormatRecentOutput()}");
        }
    }

    /// <summary>Waits for <see cref="LocalProcessSpec.ReadyPattern"/> (immediately done without one).</summary>
    /// <exception cref="TimeoutException">Not ready within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The process exited first.</exception>
    public async Task WaitReadyLineAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Process '{Name}' did not report ready within {timeout.TotalSeconds:0} s.{FormatRecentOutput()}");
        }
    }

    /// <summary>
    /// Stops the process: the spec's stop signal to the process itself (a silo drains and leaves), up to
    /// <paramref name="grace"/> (default <see cref="LocalProcessSpec.StopGrace"/>) to exit, then SIGKILL to its whole
    /// group; whatever it left behind in its group is killed too. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? grace = null, CancellationToken cancellationToken = default)
    {
        if (!HasExited)
        {
            ProcessGroup.SignalProcess(ProcessId, Spec.StopSignal);
            if (!await WaitExitAsync(grace ?? Spec.StopGrace, cancellationToken).ConfigureAwait(false))
            {
                WriteLog($"# did not stop within {(grace ?? Spec.StopGrace).TotalSeconds:0.#} s: killing its process group");
                Kill();
            }
        }

        var code = await _exited.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        await EndGroupAsync().ConfigureAwait(false);
        return code;
    }

    /// <summary>SIGKILL to the process and its whole group (kill -9: no drain, no goodbye).</summary>
    public void Kill()
    {
        ProcessGroup.Signal(ProcessId, ProcessSignal.Kill);
        // In the first instant after start setsid may not have made the group yet: signal the process itself as well.
        ProcessGroup.SignalProcess(ProcessId, ProcessSignal.Kill);
    }

    /// <summary>Kills the process group if it still runs, waits for it and closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (ProcessId > 0)
        {
            if (!HasExited)
            {
                Kill();
                await WaitExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            }

            await EndGroupAsync().ConfigureAwait(false);
        }

        CloseLog();
        _process.Dispose();
    }

    /// <summary>The last output lines, indented, for an error message (empty when there is no output).</summary>
    public string FormatRecentOutput(int lines = 15)
    {
        var tail = RecentOutput.TakeLast(lines).ToList();
        return tail.Count == 0 ? "" : "\n" + string.Join('\n', tail.Select(l => "  | " + l));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (pid {ProcessId})";

    private async Task<bool> WaitExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task EndGroupAsync()
    {
        // Children the process left behind in its group (e.g. decoders of a killed silo) go with it.
        var deadline = Stopwatch.StartNew();
        while (ProcessGroup.Exists(ProcessId) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            ProcessGroup.Signal(ProcessId, ProcessSignal.Kill);
            await Task.Delay(20).ConfigureAwait(false);
        }

        _guard?.Forget(ProcessId);
    }

    private async Task OnExitedAsync()
    {
        // The exit event can come before the last output lines: give the readers a moment to drain the pipes.
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var code = _process.ExitCode;
        WriteLog(string.Create(CultureInfo.InvariantCulture, $"# {DateTimeOffset.UtcNow:O} exited with code {code}"));
        var error = new InvalidOperationException($"Process '{Name}' exited with code {code}.{FormatRecentOutput()}");
        _address.TrySetException(error);
        _ready.TrySetException(error);
        CloseLog();
        _exited.TrySetResult(code);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _recent.Enqueue(line);
            while (_recent.Count > Spec.RecentLines)
            {
                _recent.Dequeue();
            }
        }

        WriteLog(line);
        if (!_address.Task.IsCompleted && _addressPattern?.Match(line) is { Success: true } found)
        {
            _address.TrySetResult(found.Groups["address"].Value);
        }

        if (!_ready.Task.IsCompleted && _readyPattern?.IsMatch(line) == true)
        {
            _ready.TrySetResult();
        }
    }

    private void WriteLog(string line)
    {
        if (_log is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private void CloseLog()
    {
        lock (_gate)
        {
            if (!_logClosed)
            {
                _logClosed = true;
                _log?.Dispose();
            }
        }
    }
}
