using System.Text.Json;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Cluster.Zones;
using PoseCluster.Grains.Inference;
using PoseCluster.Pose.Geometry;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Embedded;

/// <summary>
/// The site grain end to end in an embedded node: a camera (real ffmpeg ingest) on a calibrated site, the scripted fall
/// scene in place of the models, ByteTrack in the camera grain, fusion, posture and events in the site grain; live
/// site messages on the node's stream, events and activity history in the store.
/// </summary>
[Collection(EmbeddedCollection.Name)]
public sealed class SiteGrainTests
{
    private readonly ITestOutputHelper _output;

    public SiteGrainTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task A_scripted_fall_on_a_calibrated_camera_shows_on_the_floor_plan_raises_stored_fall_and_restricted_entry_events_delivers_the_fall_to_a_webhook_and_writes_zone_history()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var options = InProcessSilo.TestOptions("embedded", store, SiloTestAssets.KeyFile(), simulatedCostMs: 5, simulatedScene: SimulatedFallScene.Name);
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
        var none = CancellationToken.None;

        await using var receiver = await Webhooks.WebhookReceiver.StartAsync();
        receiver.OnSequence("/alerts", 503, 200);
        var site = await admin.AddSiteAsync("hall", none);
        await admin.AddWebhookAsync(new WebhookDefinition { Name = "alerts", Url = receiver.Url("/alerts"), SiteId = site.Id, EventKinds = ["fall"], Secret = "alert-secret-1" }, none);
        var camera = await admin.AddCameraAsync(new CameraDefinition { Name = "hall-1", SourceUrl = SiloTestAssets.Video, TargetFps = 10, SiteId = site.Id }, none);
        var pairs = SimulatedFallScene.Calibration.Select(p => new PointCorrespondence(new PlanePoint(p.ImageX, p.ImageY), new PlanePoint(p.FloorX, p.FloorY))).ToArray();
        var h = HomographyEstimator.Estimate(pairs);
        var elements = new double[9];
        h.CopyTo(elements);
        await admin.SetCalibrationAsync(camera.Id, new CalibrationDefinition { Points = SimulatedFallScene.Calibration, ImageToFloor = elements }, none);
        await admin.AddSiteZoneAsync(site.Id, new SiteZoneDefinition
        {
            Name = "aisle", Restricted = true, Polygon = [new ZonePoint(-0.5, 5), new ZonePoint(1.5, 5), new ZonePoint(1.5, 7), new ZonePoint(-0.5, 7)],
        }, none);

        List<JsonElement> SiteMessages() => [.. stream.Messages.Where(m => m.Type == "site").Select(m => JsonDocument.Parse(m.Json).RootElement)
            .Where(m => m.GetProperty("site").GetGuid() == site.Id)];
        IEnumerable<JsonElement> Events() => SiteMessages().SelectMany(m => m.GetProperty("events").EnumerateArray());

        await Eventually.WaitAsync(() => SiteMessages().Any(m => m.GetProperty("identities").GetArrayLength() == 1), TimeSpan.FromSeconds(30), "a person on the floor plan");
        await Eventually.WaitAsync(() => Events().Any(e => e.GetProperty("kind").GetString() == "fall"), TimeSpan.FromSeconds(45), "a fall event on the stream");
        var fall = Events().First(e => e.GetProperty("kind").GetString() == "fall");
        Assert.Equal(camera.Id, fall.GetProperty("camera").GetGuid());
        Assert.Contains(Events(), e => e.GetProperty("kind").GetString() == "restricted_entry" && e.GetProperty("zone").GetString() == "aisle");

        var lying = SiteMessages().Last();
        Assert.Equal("hall", lying.GetProperty("site_name").GetString());
        var person = lying.GetProperty("identities").EnumerateArray().Single();
        Assert.InRange(person.GetProperty("x").GetDouble(), -0.5, 1.5);
        Assert.InRange(person.GetProperty("y").GetDouble(), 4.5, 7.0);
        Assert.True(lying.GetProperty("cameras").EnumerateArray().Single().GetProperty("calibrated").GetBoolean());

        var query = new SiteEventQuery { SiteId = site.Id, From = DateTimeOffset.UtcNow.AddMinutes(-5), To = DateTimeOffset.UtcNow.AddMinutes(1) };
        await Eventually.WaitAsync(async () => (await admin.ListSiteEventsAsync(query, none)).Any(e => e.Kind == "fall"), TimeSpan.FromSeconds(10), "the fall in the store");
        var stored = (await admin.ListSiteEventsAsync(query, none)).First(e => e.Kind == "fall");
        Assert.Equal(fall.GetProperty("id").GetGuid(), stored.Id);

        // The fall reached the webhook (after one retry), and only the fall.
        await Eventually.WaitAsync(() => receiver.For("/alerts").Any(r => r.Attempt >= 2), TimeSpan.FromSeconds(15), "the fall delivered to the webhook");
        Assert.All(receiver.For("/alerts"), r => Assert.Equal("fall", r.Header("X-PoseCluster-Event")));
        Assert.Contains(receiver.For("/alerts"), r => r.EventId == stored.Id && r.Json.GetProperty("site_name").GetString() == "hall");

        var history = new SiteActivityQuery { SiteId = site.Id, Zone = "aisle", From = DateTimeOffset.UtcNow.AddMinutes(-5), To = DateTimeOffset.UtcNow.AddMinutes(1), Bucket = TimeSpan.FromMinutes(10) };
        await Eventually.WaitAsync(async () => (await admin.QuerySiteActivityAsync(history, none)).Any(b => b.PersonsMax >= 1 && b.Entries >= 1), TimeSpan.FromSeconds(15), "zone history with the person");
    }

    [Fact]
    public async Task An_auto_camera_switches_to_bottom_up_when_a_crowd_appears_and_says_so_in_its_pose_messages()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var options = InProcessSilo.TestOptions("embedded", store, SiloTestAssets.KeyFile(), simulatedCostMs: 5, simulatedScene: SimulatedCrowdScene.Name);
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
        var camera = await admin.AddCameraAsync(new CameraDefinition { Name = "plaza", SourceUrl = SiloTestAssets.Video, TargetFps = 10, Pipeline = "auto" }, CancellationToken.None);

        string? Pipeline(StreamMessage m) => JsonDocument.Parse(m.Json).RootElement.GetProperty("pipeline").GetString();
        await Eventually.WaitAsync(() => stream.Poses.Any(p => p.Camera == camera.Id && Pipeline(p) == "bottomup-paf"), TimeSpan.FromSeconds(30), "a frame inferred bottom-up");
        var poses = stream.Poses.Where(p => p.Camera == camera.Id).ToList();
        Assert.Equal("topdown", Pipeline(poses[0]));
        var firstBottomUp = poses.FindIndex(p => Pipeline(p) == "bottomup-paf");

        // The policy needs 15 consecutive crowded frames: no switch on the first crowded frame.
        Assert.True(firstBottomUp >= 15, $"switched after {firstBottomUp} frames");
        Assert.True(poses.Take(firstBottomUp).TakeLast(15).All(p => p.Persons >= 8), "the frames before the switch were crowded");
    }

    [Fact]
    public async Task A_camera_with_a_missing_video_fails_with_the_reason_and_fixing_its_url_restarts_it_without_a_new_placement()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var options = InProcessSilo.TestOptions("embedded", store, SiloTestAssets.KeyFile(), simulatedCostMs: 5);
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name);
        var missing = Path.Combine(SiloTestAssets.TempDirectory(), "no-such-video.mp4");
        var camera = await admin.AddCameraAsync(new CameraDefinition { Name = "gate", SourceUrl = missing, TargetFps = 5, Pipeline = "topdown" }, CancellationToken.None);

        await Eventually.WaitAsync(() => stream.Messages.Any(m => m.Type == "status" && m.Camera == camera.Id && m.State == "failed"), TimeSpan.FromSeconds(20), "the camera failing");
        var failed = stream.Messages.Last(m => m.Type == "status" && m.Camera == camera.Id && m.State == "failed");
        Assert.Contains("no-such-video.mp4", failed.Reason, StringComparison.Ordinal);

        await admin.UpdateCameraAsync(camera.Id, new CameraDefinition { Name = "gate", SourceUrl = SiloTestAssets.Video, TargetFps = 5, Pipeline = "topdown" }, CancellationToken.None);
        await Eventually.WaitAsync(() => stream.Poses.Any(p => p.Camera == camera.Id), TimeSpan.FromSeconds(20), "poses after the fix");
        Assert.Contains(stream.Messages, m => m.Type == "status" && m.Camera == camera.Id && m.State == "stopped" && m.Reason!.Contains("definition changed", StringComparison.Ordinal));
        Assert.All(stream.Poses.Where(p => p.Camera == camera.Id), p => Assert.Equal(failed.Epoch, p.Epoch));
    }
}
