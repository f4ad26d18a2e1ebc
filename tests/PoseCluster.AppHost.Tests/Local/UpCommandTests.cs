using System.Text.RegularExpressions;
using PoseCluster.AppHost.ClusterBench;
using PoseCluster.Cluster.Local;
using PoseCluster.Cluster.Tests.Infrastructure;

namespace PoseCluster.AppHost.Tests.Local;

/// <summary><c>posecluster up</c> as a real process: health-gated start, live RTSP cameras streaming poses, clean stop, no orphans.</summary>
[Collection(LocalClusterCollection.Name)]
public sealed partial class UpCommandTests
{
    private readonly ITestOutputHelper _output;

    public UpCommandTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Up_runs_2_silos_and_4_live_cameras_that_stream_poses_then_SIGTERM_stops_everything()
    {
        var run = "up-" + Guid.NewGuid().ToString("N")[..10];
        await using var up = LauncherProcess.Start(
            "cluster ready",
            "up", "--silos", "2", "--cameras", "4", "--fps", "5", "--simulated-cost-ms", "10", "--run", run, "--logs", CliProcess.TempDirectory());
        try
        {
            await up.WaitReadyLineAsync(TimeSpan.FromSeconds(120));
            var output = string.Join('\n', up.RecentOutput);
            _output.WriteLine(output);

            // Health-gated: both silos reported healthy before the cameras were registered and the summary printed.
            var healthy = HealthyLine().Matches(output).Select(m => m.Groups["address"].Value).ToList();
            Assert.Equal(2, healthy.Count);
            Assert.True(output.IndexOf("registered", StringComparison.Ordinal) > output.LastIndexOf("healthy at", StringComparison.Ordinal));
            Assert.Equal(4, CameraRow().Matches(output).Count);

            // Subscribe to both silos' pose streams: every camera streams (several frames each).
            await using var recorder = new PoseStreamRecorder();
            foreach (var address in healthy)
            {
                await recorder.SubscribeAsync(address, CancellationToken.None);
            }

            await Eventually.WaitAsync(
                () => recorder.Snapshot().GroupBy(p => p.Camera).Count(g => g.Count() >= 5) == 4,
                TimeSpan.FromSeconds(30),
                () => $"4 cameras with 5 poses each; got {string.Join(", ", recorder.Snapshot().GroupBy(p => p.Camera).Select(g => g.Count()))}");
            var poses = recorder.Snapshot();
            Assert.Equal(2, poses.Select(p => p.Silo).Distinct().Count());
            Assert.All(poses, p => Assert.True(p.Epoch > 0));
            Assert.NotEmpty(RunProcesses.Of(run));

            // SIGTERM (what Ctrl+C does in a terminal): the silos drain and leave, everything stops, exit code 0.
            ProcessGroup.SignalProcess(up.ProcessId, ProcessSignal.Terminate);
            var code = await up.Exited.WaitAsync(TimeSpan.FromSeconds(40));
            _output.WriteLine(string.Join('\n', up.RecentOutput.TakeLast(5)));
            Assert.Equal(0, code);
            Assert.Contains(up.RecentOutput, l => l.StartsWith("stopped 2 silo(s)", StringComparison.Ordinal));
            Assert.Empty(RunProcesses.Of(run));
        }
        finally
        {
            _output.WriteLine("left: " + string.Join('\n', RunProcesses.Of(run)));
        }
    }

    [Fact]
    public async Task When_the_launcher_is_killed_with_SIGKILL_every_process_it_started_ends()
    {
        var run = "up-" + Guid.NewGuid().ToString("N")[..10];
        await using var up = LauncherProcess.Start(
            "cluster ready",
            "up", "--silos", "2", "--cameras", "2", "--simulated-cost-ms", "10", "--run", run, "--logs", CliProcess.TempDirectory());
        await up.WaitReadyLineAsync(TimeSpan.FromSeconds(120));
        var running = RunProcesses.Of(run);
        _output.WriteLine(string.Join('\n', running));
        Assert.True(running.Count >= 6, "silos, decoders, simulator, PostgreSQL and the guard run");

        up.Kill();
        var gone = await Eventually.WaitAsync(() => RunProcesses.Of(run).Count == 0, TimeSpan.FromSeconds(20), () => "no process left: " + string.Join('\n', RunProcesses.Of(run)));
        _output.WriteLine($"every process of the run ended {gone.TotalSeconds:0.0} s after the launcher was killed");
    }

    [GeneratedRegex(@"^silo \S+ \(\w+\): healthy at (?<address>http://\S+) ", RegexOptions.Multiline)]
    private static partial Regex HealthyLine();

    [GeneratedRegex(@"^cam\d\d\s+rtsp://127\.0\.0\.1:\d+/cam\d\d\s", RegexOptions.Multiline)]
    private static partial Regex CameraRow();
}
