using System.Diagnostics;
using PoseCluster.Cluster.Local;

namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>
/// A real silo process (<c>dotnet PoseCluster.Silo.dll ...</c>) run by the product's <see cref="LocalProcess"/> (its own
/// process group, output captured, address read from the "serving ... at" line, SIGKILL of the whole group).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const string ServingPattern = @"serving .* at (?<address>https?://\S+)$";
    private readonly LocalProcess _process;

    private SiloProcess(string name, LocalProcess process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public IReadOnlyList<string> Output => _process.RecentOutput;

    public string AllOutput => string.Join('\n', Output);

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["POSECLUSTER_HOME"] = SiloTestAssets.Root,
            ["POSECLUSTER_SECRET_KEY"] = null,
            ["POSECLUSTER_STORE"] = null,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        var spec = new LocalProcessSpec
        {
            Name = "silo-" + new string(name.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()),
            FileName = "dotnet",
            Arguments = [SiloTestAssets.SiloDll, .. arguments],
            Environment = env,
            AddressPattern = ServingPattern,
            RecentLines = 2000,
        };
        return new SiloProcess(name, LocalProcess.Start(spec));
    }

    /// <summary>Runs a silo that is expected to fail: its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunToExitAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        await using var silo = Start("failing", arguments, environment);
        var code = await silo._process.Exited.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (code, silo.AllOutput, watch.Elapsed);
    }

    /// <summary>The data-plane address once the silo serves (fails if it exits first).</summary>
    public Task<string> AddressAsync(TimeSpan timeout) => _process.AddressAsync(timeout);

    /// <summary>kill -9 (of the silo and anything it started).</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
