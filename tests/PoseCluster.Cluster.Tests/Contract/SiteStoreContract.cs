using System.Text;
using System.Threading.Channels;
using PoseCluster.Cluster.Changes;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Leadership;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Store;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Cluster.Zones;

namespace PoseCluster.Cluster.Tests.Contract;

/// <summary>The site store contract (calibrations, floor zones, fenced site history, webhooks), run against every provider.</summary>
public abstract class SiteStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly ZonePoint[] Floor = [new(0, 0), new(12.5, 0), new(12.5, 8), new(0, 8)];

    protected SiteStoreContract(TestStoreProvider provider)
    {
        Provider = provider;
    }

    protected TestStoreProvider Provider { get; }

    [Fact]
    public async Task Calibrations_are_set_replaced_listed_by_site_notify_and_go_with_the_camera()
    {
        await using var store = await OpenNewAsync();
        var hall = await store.AddSiteAsync("hall", None);
        var yard = await store.AddSiteAsync("yard", None);
        var c1 = await store.AddCameraAsync(new CameraDefinition { Name = "c1", SourceUrl = "rtsp://h/1", SiteId = hall.Id }, None);
        var c2 = await store.AddCameraAsync(new CameraDefinition { Name = "c2", SourceUrl = "rtsp://h/2", SiteId = hall.Id }, None);
        var c3 = await store.AddCameraAsync(new CameraDefinition { Name = "c3", SourceUrl = "rtsp://h/3", SiteId = yard.Id }, None);
        var c4 = await store.AddCameraAsync(new CameraDefinition { Name = "c4", SourceUrl = "rtsp://h/4" }, None);
        Assert.Null(await store.GetCalibrationAsync(c1.Id, None));

        await using var watch = await ChangeWatch.StartAsync(store);
        var first = Calibration(0.1, [0.012345678901234, -1.5e-7, 3, 4e-3, 5, 6, 7, 8, 1], 0.0421);
        var set = await store.SetCalibrationAsync(c1.Id, first, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.Calibration, c1.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal(c1.Id, set.CameraId);
        Assert.Equal(first.Points, set.Points);
        Assert.Equal(first.ImageToFloor, set.ImageToFloor);
        Assert.Equal(0.0421, set.ReprojectionErrorMeters);
        var read = (await store.GetCalibrationAsync(c1.Id, None))!;
        Assert.Equal(first.Points, read.Points);
        Assert.Equal(first.ImageToFloor, read.ImageToFloor);
        Assert.Equal(set.UpdatedAt, read.UpdatedAt);

        var second = Calibration(0.2, [1, 0, 0, 0, 1, 0, 0, 0, 1], 0.5, pairs: 6);
        var replaced = await store.SetCalibrationAsync(c1.Id, second, None);
        Assert.Equal(6, replaced.Points.Count);
        Assert.Equal(second.Points, (await store.GetCalibrationAsync(c1.Id, None))!.Points);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], (await store.GetCalibrationAsync(c1.Id, None))!.ImageToFloor);
        Assert.True(replaced.UpdatedAt >= set.UpdatedAt);

        await store.SetCalibrationAsync(c2.Id, first, None);
        await store.SetCalibrationAsync(c3.Id, first, None);
        foreach (var camera in new[] { c1, c2, c3 })
        {
            Assert.Equal(new ClusterChange(ClusterChangeKind.Calibration, camera.Id.ToString("D")), await watch.NextAsync());
        }

        Assert.Equal(new[] { c1.Id, c2.Id }.Order(), (await store.ListCalibrationsAsync(hall.Id, None)).Select(c => c.CameraId).Order());
        Assert.Equal([c3.Id], (await store.ListCalibrationsAsync(yard.Id, None)).Select(c => c.CameraId));
        Assert.Equal(3, (await store.ListCalibrationsAsync(null, None)).Count);
        Assert.Empty(await store.ListCalibrationsAsync(Guid.NewGuid(), None));

        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.SetCalibrationAsync(Guid.NewGuid(), first, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.SetCalibrationAsync(c4.Id, Calibration(0.1, [1, 0, 0, 0, 1, 0, 0, 0, 1], 0, pairs: 3), None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.SetCalibrationAsync(c4.Id, Calibration(0.1, [1, 0, 0, 0, 1, 0, 0, 0], 0), None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.SetCalibrationAsync(c4.Id, Calibration(0.1, [1, 0, 0, 0, 1, 0, 0, 0, double.NaN], 0), None))).Code);
        Assert.Null(await store.GetCalibrationAsync(c4.Id, None));

        Assert.True(await store.DeleteCalibrationAsync(c2.Id, None));
        Assert.Equal(new ClusterChange(ClusterChangeKind.Calibration, c2.Id.ToString("D")), await watch.NextAsync());
        Assert.False(await store.DeleteCalibrationAsync(c2.Id, None));
        Assert.Null(await store.GetCalibrationAsync(c2.Id, None));

        // Deleting the camera deletes its calibration.
        Assert.True(await store.DeleteCameraAsync(c1.Id, None));
        Assert.Null(await store.GetCalibrationAsync(c1.Id, None));
        Assert.Empty(await store.ListCalibrationsAsync(hall.Id, None));
        Assert.Equal([c3.Id], (await store.ListCalibrationsAsync(null, None)).Select(c => c.CameraId));
    }

    [Fact]
    public async Task Site_zones_are_unique_per_site_notify_and_go_with_the_site()
    {
        await using var store = await OpenNewAsync();
        var site = await store.AddSiteAsync("hall", None);
        var other = await store.AddSiteAsync("yard", None);
        await using var watch = await ChangeWatch.StartAsync(store);

        var door = await store.AddSiteZoneAsync(site.Id, new SiteZoneDefinition { Name = "door", Polygon = Floor, Restricted = true, LoiteringSeconds = 30 }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.SiteZone, site.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal((site.Id, "door", true, (double?)30), (door.SiteId, door.Name, door.Restricted, door.LoiteringSeconds));
        Assert.Equal(Floor, door.Polygon);
        Assert.Equal(door.CreatedAt, door.UpdatedAt);
        await store.AddSiteZoneAsync(site.Id, new SiteZoneDefinition { Name = "aisle", Polygon = Floor }, None);
        await store.AddSiteZoneAsync(other.Id, new SiteZoneDefinition { Name = "door", Polygon = Floor }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.SiteZone, site.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal(new ClusterChange(ClusterChangeKind.SiteZone, other.Id.ToString("D")), await watch.NextAsync());

        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSiteZoneAsync(site.Id, new SiteZoneDefinition { Name = "door", Polygon = Floor }, None))).Code);
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSiteZoneAsync(Guid.NewGuid(), new SiteZoneDefinition { Name = "x", Polygon = Floor }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSiteZoneAsync(site.Id, new SiteZoneDefinition { Name = "x", Polygon = Floor[..2] }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSiteZoneAsync(site.Id, new SiteZoneDefinition { Name = "x", Polygon = Floor, LoiteringSeconds = 0.5 }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddSiteZoneAsync(site.Id, new SiteZoneDefinition { Name = " ", Polygon = Floor }, None))).Code);

        ZonePoint[] triangle = [new(-3.25, 1), new(4, 1), new(4, 6.75)];
        var moved = await store.UpdateSiteZoneAsync(door.Id, new SiteZoneDefinition { Name = "entrance", Polygon = triangle, Restricted = false, LoiteringSeconds = null }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.SiteZone, site.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal((door.Id, site.Id, "entrance", false, (double?)null), (moved.Id, moved.SiteId, moved.Name, moved.Restricted, moved.LoiteringSeconds));
        Assert.Equal(triangle, moved.Polygon);
        Assert.Equal(door.CreatedAt, moved.CreatedAt);
        var reread = (await store.GetSiteZoneAsync(door.Id, None))!;
        Assert.Equal((moved.Name, moved.Restricted, moved.LoiteringSeconds, moved.UpdatedAt), (reread.Name, reread.Restricted, reread.LoiteringSeconds, reread.UpdatedAt));
        Assert.Equal(triangle, reread.Polygon);
        Assert.Equal(ClusterErrorCode.Conflict, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateSiteZoneAsync(door.Id, new SiteZoneDefinition { Name = "aisle", Polygon = Floor }, None))).Code);
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateSiteZoneAsync(Guid.NewGuid(), new SiteZoneDefinition { Name = "x", Polygon = Floor }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateSiteZoneAsync(door.Id, new SiteZoneDefinition { Name = "x", Polygon = [new(0, 0), new(double.PositiveInfinity, 0), new(0, 1)] }, None))).Code);

        Assert.Equal(["aisle", "entrance"], (await store.ListSiteZonesAsync(site.Id, None)).Select(z => z.Name));
        Assert.Equal(["door"], (await store.ListSiteZonesAsync(other.Id, None)).Select(z => z.Name));
        Assert.Equal(3, (await store.ListSiteZonesAsync(null, None)).Count);
        Assert.Null(await store.GetSiteZoneAsync(Guid.NewGuid(), None));

        Assert.True(await store.DeleteSiteZoneAsync(door.Id, None));
        Assert.Equal(new ClusterChange(ClusterChangeKind.SiteZone, site.Id.ToString("D")), await watch.NextAsync());
        Assert.False(await store.DeleteSiteZoneAsync(door.Id, None));
        Assert.Null(await store.GetSiteZoneAsync(door.Id, None));

        // Deleting the site deletes its zones, and only its zones.
        Assert.True(await store.DeleteSiteAsync(site.Id, None));
        Assert.Empty(await store.ListSiteZonesAsync(site.Id, None));
        Assert.Equal(["door"], (await store.ListSiteZonesAsync(null, None)).Select(z => z.Name));
    }

    [Fact]
    public async Task Site_events_are_fenced_by_the_site_grain_assignment_and_listed_newest_first()
    {
        await using var store = await OpenNewAsync();
        var a = await store.RegisterSiloAsync(Registration("a"), None);
        var b = await store.RegisterSiloAsync(Registration("b"), None);
        var site = await store.AddSiteAsync("hall", None);
        var unplaced = await store.AddSiteAsync("yard", None);
        var camera = await store.AddCameraAsync(new CameraDefinition { Name = "c", SourceUrl = "rtsp://h/s", SiteId = site.Id }, None);
        await using var election = store.CreateLeaderElection(a.Id);
        await using var lease = (await election.TryAcquireAsync(None))!;
        var grain = GrainId.ForSite(site.Id);
        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Place, null, null, a.Id, null, 1, "t")), None)).Applied);
        var e1 = Assert.Single(await store.ListAssignmentsAsync(a.Id, None)).Epoch;

        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var fall = new SiteEventRecord(Guid.CreateVersion7(), site.Id, t0.AddSeconds(1), "fall", 7, camera.Id, null, "person 7 fell");
        var entry = new SiteEventRecord(Guid.CreateVersion7(), site.Id, t0.AddSeconds(2), "zone_entry", 7, null, "door", "person 7 entered door");
        var loiter = new SiteEventRecord(Guid.CreateVersion7(), site.Id, t0.AddSeconds(3), "loitering", 9, camera.Id, "door", "person 9 stayed 31 s in door");
        SiteEventRecord[] batch = [fall, entry, loiter];

        Assert.Equal(0, await store.AppendSiteEventsAsync(b.Id, e1, batch, None));
        Assert.Equal(0, await store.AppendSiteEventsAsync(a.Id, e1 + 1, batch, None));
        Assert.Equal(0, await store.AppendSiteEventsAsync(a.Id, e1, [batch[0] with { SiteId = unplaced.Id }], None));
        Assert.Empty(await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1)), None));
        Assert.Equal(3, await store.AppendSiteEventsAsync(a.Id, e1, batch, None));
        Assert.Equal(0, await store.AppendSiteEventsAsync(a.Id, e1, batch, None));
        Assert.Equal(0, await store.AppendSiteEventsAsync(a.Id, e1, [], None));

        var all = await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1)), None);
        Assert.Equal([loiter.Id, entry.Id, fall.Id], all.Select(e => e.Id));
        Assert.Equal(fall, all[2]);
        Assert.Equal(entry, all[1]);
        Assert.Equal(loiter, all[0]);
        Assert.Equal([loiter.Id, fall.Id], (await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), ["fall", "loitering"]), None)).Select(e => e.Id));
        Assert.Equal([loiter.Id], (await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), limit: 1), None)).Select(e => e.Id));
        Assert.Equal([entry.Id], (await store.ListSiteEventsAsync(Query(site.Id, t0.AddSeconds(2), t0.AddSeconds(3)), None)).Select(e => e.Id));
        Assert.Empty(await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), ["restricted_entry"]), None));
        Assert.Empty(await store.ListSiteEventsAsync(Query(unplaced.Id, t0, t0.AddMinutes(1)), None));

        // After the site moves, only the new holder writes; a batch mixing sites is fenced per site.
        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Move, a.Id, e1, b.Id, null, 1, "t")), None)).Applied);
        var e2 = Assert.Single(await store.ListAssignmentsAsync(b.Id, None)).Epoch;
        var late = new SiteEventRecord(Guid.CreateVersion7(), site.Id, t0.AddSeconds(4), "zone_exit", 7, null, "door", "person 7 left door");
        Assert.Equal(0, await store.AppendSiteEventsAsync(a.Id, e1, [late], None));
        Assert.Equal(1, await store.AppendSiteEventsAsync(b.Id, e2, [late, late with { Id = Guid.CreateVersion7(), SiteId = unplaced.Id }], None));
        Assert.Equal(late.Id, (await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), limit: 1), None))[0].Id);

        // Invalid queries and events.
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.ListSiteEventsAsync(Query(site.Id, t0, t0), None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), limit: 0), None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), [""]), None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AppendSiteEventsAsync(b.Id, e2, [late with { Id = Guid.CreateVersion7(), Kind = "" }], None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AppendSiteEventsAsync(b.Id, e2, [late with { Id = Guid.CreateVersion7(), Details = new string('x', 501) }], None))).Code);

        // Events outlive their camera but not their site.
        Assert.True(await store.DeleteCameraAsync(camera.Id, None));
        Assert.Equal(camera.Id, (await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1), ["fall"]), None)).Single().CameraId);
        Assert.True(await store.DeleteSiteAsync(site.Id, None));
        Assert.Empty(await store.ListSiteEventsAsync(Query(site.Id, t0, t0.AddMinutes(1)), None));
        Assert.Equal(0, await store.AppendSiteEventsAsync(b.Id, e2, [late with { Id = Guid.CreateVersion7() }], None));
    }

    [Fact]
    public async Task Site_activity_is_fenced_per_row_and_summed_per_zone_and_bucket()
    {
        await using var store = await OpenNewAsync();
        var a = await store.RegisterSiloAsync(Registration("a"), None);
        var b = await store.RegisterSiloAsync(Registration("b"), None);
        var site = await store.AddSiteAsync("hall", None);
        await using var election = store.CreateLeaderElection(a.Id);
        await using var lease = (await election.TryAcquireAsync(None))!;
        var grain = GrainId.ForSite(site.Id);
        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Place, null, null, a.Id, null, 1, "t")), None)).Applied);
        var e1 = Assert.Single(await store.ListAssignmentsAsync(a.Id, None)).Epoch;
        var t0 = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 600);
        SiteActivitySample Row(string zone, int second, float avg, int max, int entries, int exits, float dwell, Guid? silo = null, long? epoch = null) =>
            new(site.Id, zone, t0.AddSeconds(second), silo ?? a.Id, epoch ?? e1, avg, max, entries, exits, dwell);

        Assert.Equal(5, await store.AppendSiteActivityAsync(
            [
                Row("", 5, 1, 2, 1, 0, 0),
                Row("", 35, 3, 5, 2, 2, 10),
                Row("door", 10, 2, 2, 1, 1, 4),
                Row("", 20, 9, 9, 9, 9, 9, silo: b.Id),
                Row("door", 40, 1, 1, 0, 3, 8),
                Row("", 25, 9, 9, 9, 9, 9, epoch: e1 + 1),
                Row("", 65, 4, 4, 0, 0, 0),
            ],
            None));
        Assert.Equal(0, await store.AppendSiteActivityAsync([Row("", 5, 50, 50, 50, 50, 50)], None));
        Assert.Equal(0, await store.AppendSiteActivityAsync([], None));

        var all = await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, From = t0, To = t0.AddMinutes(5) }, None);
        Assert.Equal(
            [
                new SiteActivityBucket("", t0, 2, 2, 5, 3, 2, 10),
                new SiteActivityBucket("door", t0, 2, 1.5, 2, 1, 4, 7),
                new SiteActivityBucket("", t0.AddMinutes(1), 1, 4, 4, 0, 0, 0),
            ],
            all);

        var whole = await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, Zone = "", From = t0, To = t0.AddMinutes(5), Bucket = TimeSpan.FromSeconds(30) }, None);
        Assert.Equal([t0, t0.AddSeconds(30), t0.AddSeconds(60)], whole.Select(x => x.Start));
        Assert.All(whole, x => Assert.Equal("", x.Zone));
        Assert.Equal([1.0, 3, 4], whole.Select(x => x.PersonsAvg));
        var door = Assert.Single(await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, Zone = "door", From = t0, To = t0.AddMinutes(5) }, None));
        Assert.Equal(7, door.DwellSecondsAvg, 6);
        Assert.Empty(await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, Zone = "nowhere", From = t0, To = t0.AddMinutes(5) }, None));
        Assert.Empty(await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = Guid.NewGuid(), From = t0, To = t0.AddMinutes(5) }, None));
        Assert.Equal(
            [t0.AddMinutes(1)],
            (await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, From = t0.AddMinutes(1), To = t0.AddMinutes(2) }, None)).Select(x => x.Start));

        // After the site moves, the old holder's rows are refused and the new holder's accepted.
        Assert.True((await lease.ApplyPlanAsync(Plan(new PlacementDecision(grain, PlacementAction.Move, a.Id, e1, b.Id, null, 1, "t")), None)).Applied);
        var e2 = Assert.Single(await store.ListAssignmentsAsync(b.Id, None)).Epoch;
        Assert.Equal(1, await store.AppendSiteActivityAsync([Row("", 125, 1, 1, 0, 0, 0), Row("", 130, 2, 2, 0, 0, 0, silo: b.Id, epoch: e2)], None));
        Assert.Equal(
            [(t0.AddMinutes(2), 1)],
            (await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, From = t0.AddMinutes(2), To = t0.AddMinutes(3) }, None)).Select(x => (x.Start, x.Rows)));

        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() =>
            store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, From = t0, To = t0 }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() =>
            store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, From = t0, To = t0.AddMinutes(1), Bucket = TimeSpan.Zero }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() =>
            store.AppendSiteActivityAsync([Row("", 200, float.NaN, 1, 0, 0, 0, silo: b.Id, epoch: e2)], None))).Code);

        // The history goes with the site.
        Assert.True(await store.DeleteSiteAsync(site.Id, None));
        Assert.Empty(await store.QuerySiteActivityAsync(new SiteActivityQuery { SiteId = site.Id, From = t0, To = t0.AddMinutes(5) }, None));
        Assert.Equal(0, await store.AppendSiteActivityAsync([Row("", 190, 1, 1, 0, 0, 0, silo: b.Id, epoch: e2)], None));
    }

    [Fact]
    public async Task Webhooks_keep_their_secret_encrypted_and_write_only_and_count_deliveries()
    {
        const string secret = "topsecret-1";
        var options = await Provider.NewStoreAsync();
        await using var store = await TestStoreProvider.OpenAsync(options);
        var site = await store.AddSiteAsync("hall", None);
        await using var watch = await ChangeWatch.StartAsync(store);

        var ops = await store.AddWebhookAsync(new WebhookDefinition { Name = "ops", Url = "https://hooks.example.com/x", EventKinds = ["fall"], Secret = secret }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.Webhook, ops.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal(("ops", "https://hooks.example.com/x", (Guid?)null, true, 0L, 0L, (string?)null, (DateTimeOffset?)null), (ops.Name, ops.Url, ops.SiteId, ops.HasSecret, ops.Delivered, ops.Failed, ops.LastStatus, ops.LastAttemptAt));
        Assert.Equal(["fall"], ops.EventKinds);
        Assert.True(ops.Wants(site.Id, "fall"));
        Assert.False(ops.Wants(site.Id, "loitering"));
        Assert.DoesNotContain(secret, ops.ToString(), StringComparison.Ordinal);
        Assert.Equal(secret, await store.GetWebhookSecretAsync(ops.Id, None));

        // At rest the secret is encrypted with the node key, bound to the webhook.
        var blob = (await Provider.ReadRawWebhookSecretAsync(options, ops.Id))!;
        Assert.NotNull(blob);
        Assert.True(blob.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, "the webhook secret is stored in clear");
        Assert.Equal(secret, TestStoreProvider.Protector.UnprotectSecret(blob, "webhook", ops.Id));
        Assert.Equal(ClusterErrorCode.SecretKeyMismatch, Assert.Throws<ClusterException>(() => TestStoreProvider.Protector.UnprotectSecret(blob, "webhook", Guid.NewGuid())).Code);
        Assert.Equal(ClusterErrorCode.SecretKeyMismatch, Assert.Throws<ClusterException>(() => TestStoreProvider.Protector.Unprotect(blob, ops.Id)).Code);

        var local = await store.AddWebhookAsync(new WebhookDefinition { Name = "all-hall", Url = "http://10.0.0.5:8080/h", SiteId = site.Id }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.Webhook, local.Id.ToString("D")), await watch.NextAsync());
        Assert.False(local.HasSecret);
        Assert.Empty(local.EventKinds);
        Assert.Equal(site.Id, local.SiteId);
        Assert.True(local.Wants(site.Id, "anything"));
        Assert.False(local.Wants(Guid.NewGuid(), "fall"));
        Assert.Null(await store.GetWebhookSecretAsync(local.Id, None));
        Assert.Null(await Provider.ReadRawWebhookSecretAsync(options, local.Id));
        Assert.Equal(["all-hall", "ops"], (await store.ListWebhooksAsync(None)).Select(w => w.Name));

        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.AddWebhookAsync(new WebhookDefinition { Name = "x", Url = "https://h/x", SiteId = Guid.NewGuid() }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddWebhookAsync(new WebhookDefinition { Name = "x", Url = "ftp://h/x" }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddWebhookAsync(new WebhookDefinition { Name = "x", Url = "https://u:p@h/x" }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddWebhookAsync(new WebhookDefinition { Name = "x", Url = "https://h/x", Secret = "short" }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.AddWebhookAsync(new WebhookDefinition { Name = "", Url = "https://h/x" }, None))).Code);
        Assert.Equal(2, (await store.ListWebhooksAsync(None)).Count);

        // A null secret keeps the stored one; a new one replaces it.
        var updated = await store.UpdateWebhookAsync(ops.Id, new WebhookDefinition { Name = "ops", Url = "https://hooks.example.com/y", EventKinds = [] }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.Webhook, ops.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal(("https://hooks.example.com/y", true, ops.CreatedAt), (updated.Url, updated.HasSecret, updated.CreatedAt));
        Assert.Empty(updated.EventKinds);
        Assert.Equal(secret, await store.GetWebhookSecretAsync(ops.Id, None));
        await store.UpdateWebhookAsync(ops.Id, new WebhookDefinition { Name = "ops", Url = "https://hooks.example.com/y", Secret = "another-secret" }, None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.Webhook, ops.Id.ToString("D")), await watch.NextAsync());
        Assert.Equal("another-secret", await store.GetWebhookSecretAsync(ops.Id, None));
        Assert.Equal(ClusterErrorCode.NotFound, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateWebhookAsync(Guid.NewGuid(), new WebhookDefinition { Name = "x", Url = "https://h/x" }, None))).Code);
        Assert.Equal(ClusterErrorCode.Invalid, (await Assert.ThrowsAsync<ClusterException>(() => store.UpdateWebhookAsync(ops.Id, new WebhookDefinition { Name = "x", Url = "not a url" }, None))).Code);

        // Deliveries are counted without notifications: the next change seen is the marker site, not a webhook change.
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await store.RecordWebhookDeliveryAsync(ops.Id, delivered: true, gaveUp: false, "200", t0, None);
        await store.RecordWebhookDeliveryAsync(ops.Id, delivered: true, gaveUp: false, "204", t0.AddSeconds(1), None);
        await store.RecordWebhookDeliveryAsync(ops.Id, delivered: false, gaveUp: false, "503", t0.AddSeconds(2), None);
        await store.RecordWebhookDeliveryAsync(ops.Id, delivered: false, gaveUp: true, "timeout", t0.AddSeconds(3), None);
        await store.RecordWebhookDeliveryAsync(Guid.NewGuid(), delivered: true, gaveUp: false, "200", t0, None);
        var marker = await store.AddSiteAsync("marker", None);
        Assert.Equal(new ClusterChange(ClusterChangeKind.Site, marker.Id.ToString("D")), await watch.NextAsync());
        var counted = (await store.GetWebhookAsync(ops.Id, None))!;
        Assert.Equal((2L, 1L, "timeout", (DateTimeOffset?)t0.AddSeconds(3)), (counted.Delivered, counted.Failed, counted.LastStatus, counted.LastAttemptAt));
        Assert.Equal(0L, (await store.GetWebhookAsync(local.Id, None))!.Delivered);

        Assert.True(await store.DeleteWebhookAsync(ops.Id, None));
        Assert.Equal(new ClusterChange(ClusterChangeKind.Webhook, ops.Id.ToString("D")), await watch.NextAsync());
        Assert.False(await store.DeleteWebhookAsync(ops.Id, None));
        Assert.Null(await store.GetWebhookAsync(ops.Id, None));
        Assert.Null(await store.GetWebhookSecretAsync(ops.Id, None));

        // A site's webhooks go with the site.
        Assert.True(await store.DeleteSiteAsync(site.Id, None));
        Assert.Empty(await store.ListWebhooksAsync(None));
    }

    protected static SiloRegistration Registration(string name) =>
        new(name, NodeClass.Nuc, ExecutionDevice.Cpu, [], 100, "http://127.0.0.1:1", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

    protected async Task<IClusterStore> OpenNewAsync() => await TestStoreProvider.OpenAsync(await Provider.NewStoreAsync());

    private static PlacementPlan Plan(params PlacementDecision[] decisions) => new(decisions, new Dictionary<Guid, double>(), false);

    private static SiteEventQuery Query(Guid siteId, DateTimeOffset from, DateTimeOffset to, string[]? kinds = null, int limit = 100) =>
        new() { SiteId = siteId, From = from, To = to, Kinds = kinds ?? [], Limit = limit };

    private static CalibrationDefinition Calibration(double offset, double[] matrix, double error, int pairs = 4) => new()
    {
        Points = Enumerable.Range(0, pairs).Select(i => new CalibrationPoint(offset + (i * 0.1), 0.9 - (i * 0.1), (i * 1.25) - 3, 10.0 / 3 * i)).ToArray(),
        ImageToFloor = matrix,
        ReprojectionErrorMeters = error,
    };

    /// <summary>Watches a store's changes; <see cref="NextAsync"/> returns the next one that is not a resync.</summary>
    private sealed class ChangeWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
        private readonly Channel<ClusterChange> _seen = Channel.CreateUnbounded<ClusterChange>();
        private Task _reader = Task.CompletedTask;

        public static async Task<ChangeWatch> StartAsync(IClusterStore store)
        {
            var watch = new ChangeWatch();
            watch._reader = Task.Run(async () =>
            {
                await foreach (var change in store.WatchAsync(watch._stop.Token))
                {
                    await watch._seen.Writer.WriteAsync(change);
                }
            });
            using var first = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.Equal(ClusterChangeKind.Resync, (await watch._seen.Reader.ReadAsync(first.Token)).Kind);
            return watch;
        }

        public async Task<ClusterChange> NextAsync()
        {
            using var next = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            ClusterChange change;
            do
            {
                change = await _seen.Reader.ReadAsync(next.Token);
            }
            while (change.Kind == ClusterChangeKind.Resync);

            return change;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSiteStoreContractTests : SiteStoreContract
{
    public PostgresSiteStoreContractTests(PostgresServerFixture server)
        : base(new PostgresStoreProvider(server))
    {
    }
}

public sealed class SqliteSiteStoreContractTests : SiteStoreContract
{
    public SqliteSiteStoreContractTests()
        : base(new SqliteStoreProvider())
    {
    }
}
