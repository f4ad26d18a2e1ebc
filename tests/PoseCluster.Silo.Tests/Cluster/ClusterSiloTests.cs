using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Store;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Cluster;

/// <summary>Several in-process silos (real Kestrel data planes) on a private PostgreSQL server; simulated inference.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSiloTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;
    private readonly LogSink _logs;
    private readonly List<InProcessSilo> _silos = [];
    private readonly List<StreamClient> _streams = [];
    private readonly string _key = SiloTestAssets.KeyFile();
    private string _store = "";
    private IClusterStore _admin = null!;

    public ClusterSiloTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
        _logs = new LogSink(output);
    }

    public async Task InitializeAsync()
    {
        _store = await _postgres.Server.CreateDatabaseAsync();
        _admin = await InProcessSilo.OpenStoreAsync(_store);
    }

    public async Task DisposeAsync()
    {
        foreach (var stream in _streams)
        {
            await stream.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _admin.DisposeAsync();
    }

    [Fact]
    public async Task Cameras_spread_across_silos_and_stream_again_on_survivors_within_5_s_after_a_kill_and_the_site_refuses_stale_epochs()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            await StartAsync(name);
        }

        var site = await _admin.AddSiteAsync("plaza", CancellationToken.None);
        var cameras = await AddReplayCamerasAsync(6, site.Id);
        await Eventually.WaitAsync(() => cameras.All(c => AllPoses().Count(p => p.Camera == c) >= 3), TimeSpan.FromSeconds(30), "every camera streaming");

        var assignments = await AssignmentsAsync();
        var perSilo = cameras.GroupBy(c => assignments[GrainId.ForCamera(c)].SiloId).ToDictionary(g => g.Key!.Value, g => g.ToList());
        _output.WriteLine("cameras per silo: " + string.Join(", ", _silos.Select(s => $"{s.Name}={perSilo.GetValueOrDefault(s.SiloId)?.Count ?? 0}")));
        Assert.All(_silos, s => Assert.True(perSilo.ContainsKey(s.SiloId), $"silo {s.Name} runs no camera"));

        var siteOwner = assignments[GrainId.ForSite(site.Id)].SiloId;
        var victim = _silos.First(s => s.SiloId != siteOwner);
        var victimId = victim.SiloId;
        var moved = perSilo[victimId];
        var oldEpochs = moved.ToDictionary(c => c, c => assignments[GrainId.ForCamera(c)].Epoch);
        var killedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await victim.KillAsync();
        var failover = await Eventually.WaitAsync(
            () => moved.All(c => AllPoses().Any(p => p.Camera == c && p.Silo != victim.Name && p.Epoch > oldEpochs[c])),
            TimeSpan.FromSeconds(8),
            "the killed silo's cameras streaming on survivors");
        _output.WriteLine($"kill -> {moved.Count} cameras streaming on survivors in {failover.TotalMilliseconds:0} ms");
        Assert.True(failover < TimeSpan.FromSeconds(5), $"failover took {failover.TotalSeconds:0.00} s");
        Assert.DoesNotContain(AllPoses(), p => p.Silo == victim.Name && p.CapturedAt > killedAt.AddMilliseconds(50));
        StreamAssertions.AssertOneOwnerAtATime(AllPoses(), _output);

        // The site grain accepted the cameras' results, and refuses a result of a deposed epoch.
        var owner = _silos.Single(s => s.IsRunning && s.SiloId == siteOwner);
        await Eventually.WaitAsync(
            async () =>
            {
                using var status = JsonDocument.Parse(await owner.Http.GetStringAsync($"/sites/{site.Id}"));
                return status.RootElement.GetProperty("cameras").EnumerateArray().Any(c => moved.Contains(c.GetProperty("camera_id").GetGuid()) && c.GetProperty("epoch").GetInt64() > oldEpochs[c.GetProperty("camera_id").GetGuid()]);
            },
            TimeSpan.FromSeconds(5),
            "the site grain accepting results of the new epochs");
        var stale = moved[0];
        var response = await owner.Http.PostAsJsonAsync(
            $"/sites/{site.Id}/results",
            new[] { new { camera = stale, silo_id = victimId, epoch = oldEpochs[stale], frame = 1_000_000, captured_at = DateTimeOffset.UtcNow, pose = new { frame = 1_000_000, t = 0.0, width = 480, height = 360, persons = Array.Empty<object>() } } });
        response.EnsureSuccessStatusCode();
        using (var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal(0, outcome.RootElement.GetProperty("accepted").GetInt32());
            Assert.Equal(1, outcome.RootElement.GetProperty("refused_stale").GetInt32());
        }

        var metrics = await owner.MetricsAsync();
        Assert.True(PrometheusText.Sum(metrics, "posecluster_site_results_total", ("outcome", "stale")) >= 1);
        Assert.True(PrometheusText.Sum(metrics, "posecluster_site_results_total", ("outcome", "accepted")) > 0);
    }

    [Fact]
    public async Task A_gpu_camera_never_runs_on_a_nuc_silo_and_stays_unplaced_with_the_reason_until_a_gpu_silo_joins()
    {
        var nuc = await StartAsync("n1");
        var camera = await _admin.AddCameraAsync(
            new CameraDefinition { Name = "needs-gpu", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 5, RequiredClass = NodeClassRequirement.Gpu },
            CancellationToken.None);
        var local = await _admin.AddCameraAsync(
            new CameraDefinition { Name = "any", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 5 },
            CancellationToken.None);
        string? reason = null;
        await Eventually.WaitAsync(
            async () =>
            {
                var a = (await AssignmentsAsync()).GetValueOrDefault(GrainId.ForCamera(camera.Id));
                reason = a?.UnplacedReason;
                return a is { SiloId: null } && reason is not null;
            },
            TimeSpan.FromSeconds(10),
            "the gpu camera unplaced with a reason");
        _output.WriteLine($"unplaced: {reason}");
        Assert.Contains("gpu", reason, StringComparison.Ordinal);
        await Eventually.WaitAsync(() => AllPoses().Count(p => p.Camera == local.Id) >= 3, TimeSpan.FromSeconds(10), "the any-class camera streaming on the nuc");

        var gpu = await StartAsync("g1", o => o.NodeClass = PoseCluster.Cluster.Membership.NodeClass.Gpu);
        await Eventually.WaitAsync(() => AllPoses().Count(p => p.Camera == camera.Id) >= 3, TimeSpan.FromSeconds(10), "the gpu camera streaming");
        Assert.All(AllPoses().Where(p => p.Camera == camera.Id), p => Assert.Equal("g1", p.Silo));
        Assert.DoesNotContain(_streams.Single(s => s.Silo == nuc.Name).Messages, m => m.Camera == camera.Id);
        Assert.Equal(gpu.SiloId, (await AssignmentsAsync())[GrainId.ForCamera(camera.Id)].SiloId);
    }

    [Fact]
    public async Task An_incapable_node_gets_inference_from_a_peer_chosen_by_power_of_two_choices_and_a_failing_peer_is_ejected()
    {
        var edge = await StartAsync("edge", o =>
        {
            o.IngestOnly = true;
            o.Models = [];
            o.Dispatch.EjectionDuration = TimeSpan.FromSeconds(60);
        });
        await StartAsync("g1", o => o.NodeClass = PoseCluster.Cluster.Membership.NodeClass.Gpu);
        // A peer whose advertised data-plane address is dead: every frame sent there fails.
        await StartAsync("bad", o =>
        {
            o.NodeClass = PoseCluster.Cluster.Membership.NodeClass.Gpu;
            o.Advertise = $"http://127.0.0.1:{ClosedPort()}";
        });
        var cameras = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            cameras.Add((await _admin.AddCameraAsync(
                new CameraDefinition { Name = $"entrance-{i}", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 8, RequiredClass = NodeClassRequirement.Nuc },
                CancellationToken.None)).Id);
        }

        var edgeStream = _streams.Single(s => s.Silo == "edge");
        await Eventually.WaitAsync(() => cameras.All(c => edgeStream.Poses.Count(p => p.Camera == c) >= 10), TimeSpan.FromSeconds(20), "ten frames of each camera");
        var poses = edgeStream.Poses.Where(p => cameras.Contains(p.Camera)).ToList();
        Assert.All(poses, p => Assert.Equal("g1", p.InferenceNode));
        var metrics = await edge.MetricsAsync();
        _output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("posecluster_dispatch", StringComparison.Ordinal))));
        Assert.True(PrometheusText.Sum(metrics, "posecluster_dispatch_ejections_total", ("peer", "bad")) >= 1, "the failing peer was ejected");
        Assert.True(PrometheusText.Sum(metrics, "posecluster_dispatch_requests_total", ("peer", "bad"), ("outcome", "failed")) >= 3);
        Assert.True(PrometheusText.Sum(metrics, "posecluster_dispatch_requests_total", ("peer", "g1"), ("outcome", "ok")) >= 20);
        Assert.Equal(1, PrometheusText.Sum(metrics, "posecluster_dispatch_peer_ejected", ("peer", "bad")));
        var g1 = await _silos.Single(s => s.Name == "g1").MetricsAsync();
        Assert.True(PrometheusText.Sum(g1, "posecluster_inference_frames_total", ("origin", "remote")) >= 20, "g1 inferred the edge's frames");
    }

    [Fact]
    public async Task A_saturated_node_offloads_frames_to_a_peer()
    {
        await StartAsync("busy", o =>
        {
            o.SimulatedCostMs = 150;
            o.Inference.MaxBatch = 1;
            o.Inference.SaturationThreshold = 1;
        });
        await StartAsync("helper", o => o.NodeClass = PoseCluster.Cluster.Membership.NodeClass.Gpu);
        var camera = await _admin.AddCameraAsync(
            new CameraDefinition { Name = "hall", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 10, RequiredClass = NodeClassRequirement.Nuc },
            CancellationToken.None);
        await Eventually.WaitAsync(
            () => AllPoses().Count(p => p.Camera == camera.Id && p.InferenceNode == "busy") >= 3 && AllPoses().Count(p => p.Camera == camera.Id && p.InferenceNode == "helper") >= 3,
            TimeSpan.FromSeconds(20),
            () => $"frames inferred both locally and by the peer; inferred by: {string.Join(",", AllPoses().Where(p => p.Camera == camera.Id).Select(p => p.InferenceNode))}");
        var poses = AllPoses().Where(p => p.Camera == camera.Id).ToList();
        Assert.All(poses, p => Assert.Equal("busy", p.Silo));
        _output.WriteLine($"{poses.Count(p => p.InferenceNode == "busy")} frames inferred locally, {poses.Count(p => p.InferenceNode == "helper")} by the peer");
    }

    private IReadOnlyList<StreamMessage> AllPoses() => _streams.SelectMany(s => s.Poses).ToList();

    private async Task<Dictionary<GrainId, PoseCluster.Cluster.Placement.GrainAssignment>> AssignmentsAsync() =>
        (await _admin.ListAssignmentsAsync(null, CancellationToken.None)).ToDictionary(a => a.Grain);

    private async Task<InProcessSilo> StartAsync(string name, Action<SiloOptions>? configure = null)
    {
        var options = InProcessSilo.TestOptions(name, _store, _key);
        configure?.Invoke(options);
        var silo = await InProcessSilo.StartAsync(options, _logs, app => _postgres.Server.TerminateConnectionsAsync(app));
        _silos.Add(silo);
        _streams.Add(await StreamClient.ConnectAsync(silo.BaseAddress, name));
        return silo;
    }

    private async Task<List<Guid>> AddReplayCamerasAsync(int count, Guid? site)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await _admin.AddCameraAsync(
                new CameraDefinition { Name = $"cam-{i:00}", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 5, SiteId = site },
                CancellationToken.None)).Id);
        }

        return ids;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
