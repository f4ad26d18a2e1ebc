using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Live;

/// <summary>A gateway and an in-process silo (simulated inference) on one SQLite store: live state, thumbnails, nodes, history, the hub.</summary>
public sealed class LiveFeedTests : IAsyncLifetime
{
    private readonly LogSink _logs;
    private GatewayUnderTest _gateway = null!;
    private InProcessSilo _silo = null!;

    public LiveFeedTests(ITestOutputHelper output)
    {
        _logs = new LogSink(output);
    }

    public async Task InitializeAsync()
    {
        var dir = SiloTestAssets.TempDirectory();
        var store = "sqlite:" + Path.Combine(dir, "cluster.db");
        var key = SiloTestAssets.KeyFile();
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.TestOptions(store, key), _logs);
        _silo = await InProcessSilo.StartAsync(InProcessSilo.TestOptions("node-a", store, key, simulatedCostMs: 5), _logs);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_registered_camera_streams_through_the_gateway_with_state_thumbnail_node_history_and_hub_messages()
    {
        var admin = _gateway.Admin;
        var created = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/cameras", new { name = "gate", source_url = "replay://" + SiloTestAssets.Video, target_fps = 10, site = "Yard" }));
        var id = created.GetProperty("id").GetGuid();
        await using var hub = await SignalRTestClient.ConnectAsync(_gateway.BaseAddress, GatewayUnderTest.AdminKey);
        var subscribed = await hub.InvokeAsync("Subscribe", new { cameras = new[] { id }, max_fps = 0 });
        Assert.Equal(1, subscribed.GetProperty("cameras").GetInt32());

        JsonElement camera = default;
        await Eventually.WaitAsync(
            async () =>
            {
                camera = (await Json.GetAsync(admin, "/api/cameras")).EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == id);
                return camera.GetProperty("state").GetString() == "streaming" && camera.GetProperty("fps_out").GetDouble() > 5;
            },
            TimeSpan.FromSeconds(20),
            "the camera streaming at ~10 fps through the gateway");
        Assert.Equal("node-a", camera.GetProperty("node").GetString());
        Assert.Equal(0, camera.GetProperty("persons").GetInt32());
        Assert.True(camera.GetProperty("fps_in").GetDouble() > 5);

        var detail = await Json.GetAsync(admin, $"/api/cameras/{id}");
        Assert.Equal("topdown", detail.GetProperty("pipeline_in_use").GetString());

        HttpResponseMessage thumbnail = null!;
        await Eventually.WaitAsync(async () => (thumbnail = await admin.GetAsync($"/api/cameras/{id}/thumbnail.jpg")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "a thumbnail");
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        var jpeg = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.True(jpeg.Length > 1000 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "a JPEG");

        await Eventually.WaitAsync(() => hub.Poses.Count() >= 10, TimeSpan.FromSeconds(10), () => $"pose messages on the hub (got {hub.Poses.Count()})");
        var pose = hub.Poses.First();
        Assert.Equal(id, pose.GetProperty("camera").GetGuid());
        Assert.Equal("node-a", pose.GetProperty("node").GetString());
        Assert.True(pose.GetProperty("epoch").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Array, pose.GetProperty("persons").ValueKind);
        Assert.True(pose.GetProperty("gateway_ms").GetInt64() >= pose.GetProperty("captured_ms").GetInt64());
        var frames = hub.Poses.Select(p => p.GetProperty("frame").GetInt64()).ToList();
        Assert.Equal(frames.Order(), frames);

        var nodes = await Json.GetAsync(admin, "/api/nodes");
        var node = Assert.Single(nodes.EnumerateArray());
        Assert.Equal("node-a", node.GetProperty("name").GetString());
        Assert.Equal("active", node.GetProperty("status").GetString());
        Assert.Equal("nuc", node.GetProperty("class").GetString());
        Assert.Equal("cpu", node.GetProperty("device").GetString());
        Assert.Contains(node.GetProperty("cameras").EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        Assert.True(node.GetProperty("batch").GetProperty("mean").GetDouble() >= 1);
        Assert.True(node.GetProperty("stream_connected").GetBoolean());
        // Nodes serve top-down and bottom-up PAF by default (auto cameras switch between them): the camera's frames go to top-down.
        Assert.Contains(node.GetProperty("inference").EnumerateArray(), g => g.GetProperty("pipeline").GetString() == "topdown" && g.GetProperty("fps").GetDouble() > 0);
        await Json.AssertProblemAsync(await admin.GetAsync($"/api/nodes/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal("node-a", (await Json.GetAsync(admin, $"/api/nodes/{node.GetProperty("id").GetGuid()}")).GetProperty("name").GetString());

        await Eventually.WaitAsync(
            async () => (await Json.GetAsync(admin, $"/api/activity?camera={id}&bucket=1")).GetProperty("buckets").GetArrayLength() > 0,
            TimeSpan.FromSeconds(10),
            "activity history of the camera");
        var history = await Json.GetAsync(admin, $"/api/activity?site={created.GetProperty("site_id").GetGuid()}&bucket=60");
        var bucket = history.GetProperty("buckets")[0];
        Assert.Equal("gate", bucket.GetProperty("camera").GetString());
        Assert.True(bucket.GetProperty("frames").GetInt64() > 0);

        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Contains("posecluster_gateway_stream_messages_total", metrics, StringComparison.Ordinal);
        Assert.Contains("posecluster_gateway_client_messages_total", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("posecluster_camera_frames_in_total", metrics, StringComparison.Ordinal);

        // Disabling the camera stops it: unplaced with the reason.
        await admin.PostAsync($"/api/cameras/{id}/disable", null);
        await Eventually.WaitAsync(
            async () => (await Json.GetAsync(admin, $"/api/cameras/{id}")).GetProperty("state").GetString() == "unplaced",
            TimeSpan.FromSeconds(5),
            "the disabled camera unplaced");
    }

    [Fact]
    public async Task A_subscription_rate_limit_throttles_per_camera_and_status_messages_pass()
    {
        var admin = _gateway.Admin;
        var id = (await Json.ReadAsync(await admin.PostAsJsonAsync("/api/cameras", new { name = "fast", source_url = "replay://" + SiloTestAssets.Video, target_fps = 10 }))).GetProperty("id").GetGuid();
        await using var full = await SignalRTestClient.ConnectAsync(_gateway.BaseAddress, GatewayUnderTest.AdminKey);
        await using var slow = await SignalRTestClient.ConnectAsync(_gateway.BaseAddress, await _gateway.CreateKeyAsync("viewer"));
        await full.InvokeAsync("Subscribe", new { cameras = Array.Empty<Guid>(), max_fps = 0 });
        await slow.InvokeAsync("Subscribe", new { cameras = new[] { id }, max_fps = 2 });
        await Eventually.WaitAsync(() => full.Poses.Count(p => p.GetProperty("camera").GetGuid() == id) >= 5, TimeSpan.FromSeconds(20), () => "the camera streaming");
        var start = DateTimeOffset.UtcNow;
        await Eventually.WaitAsync(() => DateTimeOffset.UtcNow - start > TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), () => "3 s of frames");
        var fullCount = full.Poses.Count(p => p.GetProperty("camera").GetGuid() == id && DateTimeOffset.FromUnixTimeMilliseconds(p.GetProperty("gateway_ms").GetInt64()) >= start);
        var slowCount = slow.Received.Count(m => m.Target == "Pose" && m.At >= start);
        Assert.True(fullCount >= 20, $"full rate: {fullCount} frames in 3 s");
        Assert.InRange(slowCount, 4, 8);
        Assert.Contains(full.Received, m => m.Target == "Status" && m.Argument.GetProperty("state").GetString() == "streaming");
        await Eventually.WaitAsync(() => slow.Received.Any(m => m.Target == "Stats" && m.Argument.GetProperty("throttled").GetInt64() > 0), TimeSpan.FromSeconds(5), () => "throttled messages counted in the stats");
    }
}
