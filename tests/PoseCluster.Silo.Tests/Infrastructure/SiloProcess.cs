using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>A real silo process (<c>dotnet PoseCluster.Silo.dll ...</c>) whose output is captured.</summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    public string AllOutput => string.Join('\n', Output);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloTestAssets.SiloDll);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["POSECLUSTER_HOME"] = SiloTestAssets.Root;
        start.Environment.Remove("POSECLUSTER_SECRET_KEY");
        start.Environment.Remove("POSECLUSTER_STORE");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(name, process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._address.TrySetException(new InvalidOperationException($"silo {name} exited ({process.ExitCode}) before serving:\n{silo.AllOutput}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Runs a silo that is expected to fail: its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunToExitAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        await using var silo = Start("failing", arguments, environment);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await silo._process.WaitForExitAsync(cts.Token);
        silo._process.WaitForExit();
        return (silo._process.ExitCode, silo.AllOutput, watch.Elapsed);
    }

    /// <summary>The data-plane address once the silo serves (fails if it exits first).</summary>
    public Task<string> AddressAsync(TimeSpan timeout) => _address.Task.WaitAsync(timeout);

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Output.Enqueue(line);
        var match = ServingPattern().Match(line);
        if (match.Success)
        {
            _address.TrySetResult(match.Groups["address"].Value);
        }
    }

    [GeneratedRegex(@"serving .* at (?<address>https?://\S+)$")]
    private static partial Regex ServingPattern();
}
