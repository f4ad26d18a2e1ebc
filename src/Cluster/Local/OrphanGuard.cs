using System.Diagnostics;
using System.Globalization;

namespace PoseCluster.Cluster.Local;

/// <summary>
/// Makes sure a launcher's processes never outlive it, however it ends (Ctrl+C, SIGTERM, a crash, kill -9): a tiny
/// shell in its own session reads one line per order from a pipe that only the launcher holds. The launcher tells it
/// each process group it starts (and each folder to delete); when the launcher dies the kernel closes the pipe, the
/// guard reads end-of-file and sends each group its stop signal, waits up to the grace period, kills what is left and
/// deletes the folders. A launcher that stops cleanly releases the guard instead.
/// </summary>
public sealed class OrphanGuard : IAsyncDisposable
{
    // Orders: "watch PGID SIGNAL", "forget PGID", "remove PATH", "release". The guard ignores the terminal's signals:
    // only the closing pipe (or release) ends it.
    private const string Script = """
        # posecluster orphan guard
        trap '' INT TERM HUP QUIT
        set -f
        grace_ticks=$(( $1 * 5 ))
        groups=""
        dirs=""
        while IFS= read -r line; do
          set -- $line
          case "$1" in
            watch) groups="$groups $2:$3" ;;
            forget) kept=""; for g in $groups; do [ "${g%%:*}" = "$2" ] || kept="$kept $g"; done; groups="$kept" ;;
            remove) dirs="$dirs
        ${line#remove }" ;;
            release) exit 0 ;;
          esac
        done
        for g in $groups; do kill -s "${g#*:}" -- "-${g%%:*}" 2>/dev/null; done
        i=0
        while [ "$i" -lt "$grace_ticks" ]; do
          alive=""
          for g in $groups; do kill -0 -- "-${g%%:*}" 2>/dev/null && alive=1; done
          [ -z "$alive" ] && break
          sleep 0.2
          i=$((i + 1))
        done
        for g in $groups; do kill -s KILL -- "-${g%%:*}" 2>/dev/null; done
        printf '%s\n' "$dirs" | while IFS= read -r d; do [ -n "$d" ] && rm -rf -- "$d"; done
        exit 0
        """;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private bool _released;

    private OrphanGuard(Process process)
    {
        _process = process;
    }

    /// <summary>The guard's process id (its own session).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts a guard. When the caller dies, each watched group gets its stop signal and up to
    /// <paramref name="grace"/> (default 5 s) to exit before SIGKILL. <paramref name="environment"/> is added to the
    /// guard's own environment (a run marker).
    /// </summary>
    public static OrphanGuard Start(TimeSpan? grace = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var seconds = (int)Math.Ceiling((grace ?? TimeSpan.FromSeconds(5)).TotalSeconds);
        if (seconds is < 0 or > 600)
        {
            throw new ArgumentOutOfRangeException(nameof(grace), "The orphan guard's grace must be between 0 and 600 s.");
        }

        var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "setsid")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "/bin/sh", "-c", Script, "posecluster-orphan-guard", seconds.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The orphan guard could not be started.");
        return new OrphanGuard(process);
    }

    /// <summary>Adds a process group; if the launcher dies it gets <paramref name="stopSignal"/>, then SIGKILL.</summary>
    public void Watch(int groupId, ProcessSignal stopSignal = ProcessSignal.Terminate) =>
        Send(string.Create(CultureInfo.InvariantCulture, $"watch {groupId} {SignalName(stopSignal)}"));

    /// <summary>Removes a process group that has ended.</summary>
    public void Forget(int groupId) => Send(string.Create(CultureInfo.InvariantCulture, $"forget {groupId}"));

    /// <summary>A folder to delete if the launcher dies (e.g. a private PostgreSQL's data).</summary>
    public void RemoveOnAbandon(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (full.Contains('\n', StringComparison.Ordinal) || full == "/" || full.Length < 5)
        {
            throw new ArgumentException($"The folder '{directory}' cannot be handed to the orphan guard.");
        }

        Send("remove " + full);
    }

    /// <summary>Releases the guard after a clean stop: it exits without touching anything.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (!_released)
            {
                _released = true;
                try
                {
                    _process.StandardInput.WriteLine("release");
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The guard is already gone.
                }
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static string SignalName(ProcessSignal signal) => signal switch
    {
        ProcessSignal.Hangup => "HUP",
        ProcessSignal.Interrupt => "INT",
        ProcessSignal.Quit => "QUIT",
        ProcessSignal.Kill => "KILL",
        _ => "TERM",
    };

    private void Send(string order)
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            try
            {
                _process.StandardInput.WriteLine(order);
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // The guard died (someone killed it): nothing to tell.
            }
        }
    }
}
