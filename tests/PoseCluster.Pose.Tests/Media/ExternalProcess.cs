using System.Diagnostics;
using System.Text;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>A helper process (a stream server, a tool run) that is killed with its children when disposed.</summary>
internal sealed class ExternalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _readyLine;

    private ExternalProcess(Process process, string? readyLine)
    {
        _process = process;
        _readyLine = readyLine;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (readyLine is null)
        {
            _ready.TrySetResult();
        }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ExternalProcess Start(string file, IEnumerable<string> arguments, string? readyLine = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ExternalProcess(Process.Start(info)!, readyLine);
    }

    /// <summary>Runs a tool to completion and returns its output (throws with the output when it fails).</summary>
    public static string Run(string file, params string[] arguments)
    {
        using var process = Start(file, arguments);
        if (!process._process.WaitForExit(60_000))
        {
            throw new TimeoutException($"{file} did not finish: {process.Output}");
        }

        process._process.WaitForExit();
        return process._process.ExitCode == 0 ? process.Output : throw new InvalidOperationException($"{file} failed ({process._process.ExitCode}): {process.Output}");
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout));
        if (done != _ready.Task)
        {
            throw new InvalidOperationException($"The helper process did not become ready: {Output}");
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (_readyLine is not null && line.Contains(_readyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
