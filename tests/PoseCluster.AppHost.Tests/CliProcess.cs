using System.Diagnostics;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Tests;

/// <summary>Runs the real <c>posecluster</c> CLI (the built dll) as a child process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Elapsed)
    {
        public string All => Output + Error;
    }

    public static string Shared => Path.GetFullPath(Path.Combine(PoseClusterHome.RequireRoot(), "..", "shared"));

    public static string Media(params string[] parts) => Path.Combine([Shared, "media", .. parts]);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "posecluster-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "posecluster.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["POSECLUSTER_HOME"] = PoseClusterHome.RequireRoot();
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"posecluster {string.Join(' ', args)} did not finish within {(timeout ?? TimeSpan.FromSeconds(120)).TotalSeconds} s");
        }

        return new Result(process.ExitCode, await output, await error, clock.Elapsed);
    }
}
