using System.Net;
using System.Text.Json;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Embedded;

/// <summary>One silo, one SQLite file (embedded mode), real ffmpeg ingest; real ONNX models where it matters.</summary>
[Collection(EmbeddedCollection.Name)]
public sealed class EmbeddedSiloTests
{
    private readonly ITestOutputHelper _output;

    public EmbeddedSiloTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_camera_on_a_shared_video_streams_poses_with_epochs_and_the_node_serves_metrics_health_and_thumbnails()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var options = InProcessSilo.TestOptions("embedded", store, SiloTestAssets.KeyFile(), simulatedCostMs: 0);
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);

        var camera = await admin.AddCameraAsync(new CameraDefinition { Name = "street", SourceUrl = SiloTestAssets.Video, TargetFps = 5, Pipeline = "auto" }, CancellationToken.None);
        var took = await Eventually.WaitAsync(() => stream.Poses.Count(p => p.Camera == camera.Id) >= 6, TimeSpan.FromSeconds(40), "six pose messages of the camera");
        _output.WriteLine($"six frames with poses after {took.TotalSeconds:0.0} s");

        var assignment = (await admin.ListAssignmentsAsync(null, CancellationToken.None)).Single(a => a.Grain == GrainId.ForCamera(camera.Id));
        var poses = stream.Poses.Where(p => p.Camera == camera.Id).ToList();
        Assert.Equal("hello", stream.Messages[0].Type);
        Assert.All(poses, p =>
        {
            Assert.Equal(assignment.Epoch, p.Epoch);
            Assert.Equal("embedded", p.Silo);
            Assert.Equal("embedded", p.InferenceNode);
            Assert.True(p.LatencyMs > 0);
        });
        Assert.True(poses.Zip(poses.Skip(1)).All(p => p.Second.Frame > p.First.Frame), "frames arrive in order");
        Assert.True(poses.Max(p => p.Persons) >= 2, $"the street video has several people; saw at most {poses.Max(p => p.Persons)}");
        using (var first = JsonDocument.Parse(poses[^1].Json))
        {
            var person = first.RootElement.GetProperty("persons")[0];
            Assert.Equal(17, person.GetProperty("keypoints").GetArrayLength());
            Assert.Equal(480, first.RootElement.GetProperty("width").GetInt32());
        }

        Assert.Contains(stream.Messages, m => m.Type == "status" && m.Camera == camera.Id && m.State == "streaming");

        var metrics = await silo.MetricsAsync();
        var cam = ("camera", camera.Id.ToString("D"));
        foreach (var series in new[] { "posecluster_camera_fps_in", "posecluster_camera_fps_out", "posecluster_camera_frames_in_total", "posecluster_camera_frames_out_total", "posecluster_camera_drops_total", "posecluster_camera_reconnects_total", "posecluster_camera_latency_ms_count", "posecluster_camera_queue_depth" })
        {
            Assert.True(PrometheusText.Has(metrics, series, cam), $"{series} for the camera is missing from /metrics");
        }

        Assert.True(PrometheusText.Sum(metrics, "posecluster_camera_frames_out_total", cam) >= 6);
        var model = ("model", "yolox-nano-416+simplepose-256x192");
        foreach (var series in new[] { "posecluster_inference_batch_size_count", "posecluster_inference_duration_ms_sum", "posecluster_inference_queue_depth", "posecluster_inference_in_flight", "posecluster_inference_frames_total" })
        {
            Assert.True(PrometheusText.Has(metrics, series, model), $"{series} for the model is missing from /metrics");
        }

        Assert.True(PrometheusText.Has(metrics, "posecluster_node_load", ("node", "embedded")));
        Assert.True(PrometheusText.Sum(metrics, "posecluster_grain_activations_total", ("node", "embedded")) >= 1);

        var health = await silo.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync()))
        {
            Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("active", json.RootElement.GetProperty("checks").GetProperty("silo").GetProperty("data").GetProperty("state").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/alive")).StatusCode);

        var thumbnail = await silo.Http.GetAsync($"/cameras/{camera.Id}/thumbnail.jpg");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        var jpeg = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.True(jpeg.Length > 1000 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "a JPEG thumbnail");

        using var cameras = JsonDocument.Parse(await silo.Http.GetStringAsync("/cameras"));
        var status = cameras.RootElement.EnumerateArray().Single();
        Assert.Equal("streaming", status.GetProperty("state").GetString());
        Assert.Equal(assignment.Epoch, status.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task Registrations_survive_a_restart_of_the_process_and_the_camera_streams_again()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var key = SiloTestAssets.KeyFile();
        Guid cameraId;
        long firstEpoch;
        await using (var admin = await InProcessSilo.OpenStoreAsync(store))
        {
            cameraId = (await admin.AddCameraAsync(new CameraDefinition { Name = "door", SourceUrl = SiloTestAssets.Video, TargetFps = 5 }, CancellationToken.None)).Id;
        }

        await using (var silo = await InProcessSilo.StartAsync(InProcessSilo.TestOptions("embedded", store, key), new LogSink(_output)))
        {
            await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
            await Eventually.WaitAsync(() => stream.Poses.Count(p => p.Camera == cameraId) >= 3, TimeSpan.FromSeconds(20), "poses before the restart");
            firstEpoch = stream.Poses.First(p => p.Camera == cameraId).Epoch;
            await silo.StopAsync();
        }

        await using (var silo = await InProcessSilo.StartAsync(InProcessSilo.TestOptions("embedded", store, key), new LogSink(_output)))
        {
            await using var admin = await InProcessSilo.OpenStoreAsync(store);
            var camera = await admin.GetCameraAsync(cameraId, CancellationToken.None);
            Assert.NotNull(camera);
            Assert.Equal("door", camera.Name);
            await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
            var took = await Eventually.WaitAsync(() => stream.Poses.Count(p => p.Camera == cameraId) >= 3, TimeSpan.FromSeconds(20), "poses after the restart");
            _output.WriteLine($"streaming again {took.TotalSeconds:0.0} s after the restart");
            Assert.All(stream.Poses.Where(p => p.Camera == cameraId), p => Assert.True(p.Epoch > firstEpoch, $"epoch {p.Epoch} after a restart must exceed {firstEpoch}"));
        }
    }

    [Fact]
    public async Task A_node_slower_than_its_camera_drops_the_oldest_frames_counts_them_and_keeps_latency_bounded()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var options = InProcessSilo.TestOptions("slow", store, SiloTestAssets.KeyFile(), simulatedCostMs: 250);
        options.Inference.MaxBatch = 1;
        options.Camera.MaxInFlight = 1;
        options.Camera.QueueCapacity = 2;
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
        var camera = await admin.AddCameraAsync(new CameraDefinition { Name = "fast", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 10 }, CancellationToken.None);

        await Eventually.WaitAsync(() => stream.Poses.Count(p => p.Camera == camera.Id) >= 10, TimeSpan.FromSeconds(20), "ten processed frames");
        var poses = stream.Poses.Where(p => p.Camera == camera.Id).ToList();
        var metrics = await silo.MetricsAsync();
        var drops = PrometheusText.Sum(metrics, "posecluster_camera_drops_total", ("camera", camera.Id.ToString("D")), ("reason", "queue"));
        _output.WriteLine($"{poses.Count} frames published, {drops} dropped from the queue; latency {string.Join(", ", poses.Select(p => p.LatencyMs.ToString("0")))} ms");
        Assert.True(drops >= 5, $"a 10 fps camera on a 4 fps node drops frames (counted {drops})");
        Assert.True(poses[^1].Drops > poses[0].Drops, "the stream reports the growing drop count");
        // Oldest-first dropping keeps the newest frames: latency stays near queue + processing time instead of growing.
        Assert.All(poses.Skip(3), p => Assert.True(p.LatencyMs < 1200, $"frame {p.Frame} latency {p.LatencyMs} ms"));
        Assert.True(poses.Zip(poses.Skip(1)).Any(p => p.Second.Frame - p.First.Frame > 1), "frames were skipped");
    }

    [Fact]
    public async Task Frames_of_several_cameras_are_batched_by_the_inference_grain()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var options = InProcessSilo.TestOptions("batching", store, SiloTestAssets.KeyFile(), simulatedCostMs: 0);
        options.Inference.MaxWait = TimeSpan.FromMilliseconds(30);
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await admin.AddCameraAsync(new CameraDefinition { Name = $"cam{i}", SourceUrl = "replay://" + SiloTestAssets.Video, TargetFps = 5 }, CancellationToken.None)).Id);
        }

        await Eventually.WaitAsync(() => ids.All(id => stream.Poses.Count(p => p.Camera == id) >= 5), TimeSpan.FromSeconds(40), "five frames of each camera");
        var metrics = await silo.MetricsAsync();
        var model = ("model", "yolox-nano-416+simplepose-256x192");
        var batches = PrometheusText.Sum(metrics, "posecluster_inference_batch_size_count", model);
        var frames = PrometheusText.Sum(metrics, "posecluster_inference_batch_size_sum", model);
        var singles = PrometheusText.Sum(metrics, "posecluster_inference_batch_size_bucket", model, ("le", "1"));
        _output.WriteLine($"{frames} frames in {batches} batches ({singles} of one frame); batch sizes in the stream: {string.Join(",", stream.Poses.Select(p => p.Batch))}");
        Assert.True(frames > batches, "some batches carried more than one frame");
        Assert.True(singles < batches);
        Assert.Contains(stream.Poses, p => p.Batch > 1 && ids.Contains(p.Camera));
        Assert.All(stream.Poses, p => Assert.True(p.Batch <= options.Inference.MaxBatch));
    }
}
