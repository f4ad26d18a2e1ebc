using System.Net;
using PoseCluster.AppHost.Local;
using PoseCluster.Cluster.Local;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Tests.Local;

/// <summary>The launcher in process: a small cluster of real processes starts health-gated and stops without leaving any process.</summary>
[Collection(LocalClusterCollection.Name)]
public sealed class LocalClusterTests
{
    private readonly ITestOutputHelper _output;

    public LocalClusterTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_small_cluster_starts_health_gated_streams_its_rtsp_cameras_and_stops_without_leaving_a_process()
    {
        var run = "t-" + Guid.NewGuid().ToString("N")[..10];
        var logs = CliProcess.TempDirectory();
        var options = new LocalClusterOptions
        {
            RunName = run,
            LogDirectory = logs,
            HomeDirectory = PoseClusterHome.RequireRoot(),
            Silos = [new SiloGroup(NodeClass.Gpu, 1), new SiloGroup(NodeClass.Nuc, 1)],
            SimulatedCostMs = 10,
            Cameras = 2,
            CameraFps = 5,
            StopGrace = TimeSpan.FromSeconds(10),
            // An extra process is one data entry (as the gateway will be): placeholders, its own port, a health URL.
            ExtraProcesses =
            [
                new LocalProcessSpec
                {
                    Name = "web",
                    FileName = "/usr/bin/python3",
                    Arguments = ["-m", "http.server", "{port}", "--bind", "127.0.0.1", "--directory", "{logs}"],
                    HealthUrl = "http://127.0.0.1:{port}/",
                },
            ],
        };
        var progress = new StringWriter();
        var cluster = await LocalCluster.StartAsync(options, progress, CancellationToken.None);
        string postgresRoot;
        try
        {
            _output.WriteLine(progress.ToString());
            postgresRoot = cluster.Postgres.RootDirectory;

            // Health-gated: when StartAsync returns, every silo answers /health with 200 (an active member).
            using var http = new HttpClient();
            Assert.Equal(["gpu1", "nuc1"], cluster.Silos.Select(s => s.Name).Order(StringComparer.Ordinal));
            foreach (var silo in cluster.Silos)
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(silo.Address + "/health")).StatusCode);
                // Each process leads its own process group: a stop (or the guard) ends whatever it started.
                Assert.Equal(silo.Process.ProcessId, ProcessGroup.Describe(silo.Process.ProcessId)?.GroupId);
            }

            var statuses = await cluster.WaitForCamerasAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.All(cluster.Cameras, c => Assert.Contains(statuses, s => s.CameraId == c.Id && s.State == "streaming" && s.FramesOut > 0));
            Assert.All(cluster.Cameras, c => Assert.StartsWith("rtsp://127.0.0.1:", c.SourceUrl, StringComparison.Ordinal));

            var web = Assert.Single(cluster.ExtraProcesses);
            Assert.Contains("web: healthy at http://127.0.0.1:", progress.ToString(), StringComparison.Ordinal);
            Assert.Equal(web.ProcessId, ProcessGroup.Describe(web.ProcessId)?.GroupId);

            // The camera simulator is supervised: killed, it comes back and the cameras stream again.
            var simulator = cluster.SimulatorProcess!;
            var before = statuses.Sum(s => s.FramesOut);
            simulator.Kill();
            await Eventually.WaitAsync(() => cluster.SimulatorProcess is { HasExited: false } p && p.ProcessId != simulator.ProcessId, TimeSpan.FromSeconds(10), "the simulator restarted");
            await Eventually.WaitAsync(
                async () => (await cluster.CameraStatusesAsync(CancellationToken.None)) is var now && now.Count == 2 && now.All(s => s.State == "streaming") && now.Sum(s => s.FramesOut) > before + 10,
                TimeSpan.FromSeconds(30),
                "the cameras streaming again after the simulator restarted");

            var running = RunProcesses.Of(run);
            _output.WriteLine("processes of the run:\n" + string.Join('\n', running));
            Assert.Contains(running, p => p.Contains("PoseCluster.Silo.dll", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Contains("rtsp_cameras.py", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Contains("ffmpeg", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Contains("postgres", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Contains("posecluster orphan guard", StringComparison.Ordinal));
            Assert.Contains(running, p => p.Contains("http.server", StringComparison.Ordinal));
            foreach (var name in new[] { "gpu1", "nuc1", "cameras", "web" })
            {
                Assert.True(new FileInfo(Path.Combine(logs, name + ".log")).Length > 0, $"{name}.log is empty");
            }
        }
        finally
        {
            await cluster.StopAsync(CancellationToken.None);
        }

        _output.WriteLine(progress.ToString());
        // Everything is gone once StopAsync returns: no process of the run, no database folder.
        Assert.Empty(RunProcesses.Of(run));
        Assert.False(Directory.Exists(postgresRoot));
        Assert.Contains("left the cluster", await File.ReadAllTextAsync(Path.Combine(logs, "nuc1.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_start_stops_what_it_had_started()
    {
        var run = "t-" + Guid.NewGuid().ToString("N")[..10];
        var options = new LocalClusterOptions
        {
            RunName = run,
            LogDirectory = CliProcess.TempDirectory(),
            HomeDirectory = PoseClusterHome.RequireRoot(),
            Silos = [new SiloGroup(NodeClass.Nuc, 2)],
            // A model that does not exist: each silo exits at start, so the health gate fails.
            SiloArguments = ["--models", "no-such-model"],
        };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalCluster.StartAsync(options, TextWriter.Null, CancellationToken.None));
        _output.WriteLine(error.Message);
        Assert.Contains("no-such-model", error.Message, StringComparison.Ordinal);
        await Eventually.WaitAsync(() => RunProcesses.Of(run).Count == 0, TimeSpan.FromSeconds(10), () => "no process left: " + string.Join('\n', RunProcesses.Of(run)));
    }
}
