using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.Cluster.Grains;
using PoseCluster.Cluster.Membership;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Streaming;

namespace PoseCluster.Gateway.Tests.Api;

/// <summary>
/// The site view's API: camera calibration (fitted in the gateway), floor-plan zones, site events and history written
/// through the store's fenced appends, the live snapshot fed through the pose feed router, and webhooks with
/// write-only secrets.
/// </summary>
public sealed class SiteViewApiTests : IClassFixture<ApiFixture>
{
    private const string WebhookSecret = "Webhook-Secret-7f3a9c";
    private static readonly double[] TrueImageToFloor = [8, 1.5, -2, 0.4, 12, 1, 0.1, 0.6, 1];
    private readonly ApiFixture _fixture;
    private readonly HttpClient _admin;

    public SiteViewApiTests(ApiFixture fixture)
    {
        _fixture = fixture;
        _admin = fixture.Gateway.Admin;
    }

    [Fact]
    public async Task A_calibration_fitted_to_points_of_a_known_homography_maps_them_back_exactly()
    {
        var camera = await CameraAsync();
        (double X, double Y)[] image = [(0.1, 0.2), (0.9, 0.15), (0.85, 0.9), (0.2, 0.8), (0.5, 0.5), (0.3, 0.6)];
        var points = image.Select(p => (Image: p, Floor: Map(TrueImageToFloor, p.X, p.Y))).ToArray();
        object Body(IEnumerable<((double X, double Y) Image, (double X, double Y) Floor)> pairs) =>
            new { points = pairs.Select(p => new { image = new { x = p.Image.X, y = p.Image.Y }, floor = new { x = p.Floor.X, y = p.Floor.Y } }) };

        var response = await _admin.PutAsJsonAsync($"/api/cameras/{camera}/calibration", Body(points));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calibration = await Json.ReadAsync(response);
        Assert.Equal(camera, calibration.GetProperty("camera").GetGuid());
        var matrix = calibration.GetProperty("image_to_floor").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(9, matrix.Length);
        foreach (var p in image)
        {
            var expected = Map(TrueImageToFloor, p.X, p.Y);
            var mapped = Map(matrix, p.X, p.Y);
            Assert.True(Math.Abs(mapped.X - expected.X) < 1e-6 && Math.Abs(mapped.Y - expected.Y) < 1e-6, $"{p} maps to {mapped}, expected {expected}");
        }

        Assert.InRange(calibration.GetProperty("reprojection_error_m").GetDouble(), 0, 1e-6);
        Assert.Equal(6, calibration.GetProperty("points").GetArrayLength());
        Assert.Equal(0.9, calibration.GetProperty("points")[1].GetProperty("image").GetProperty("x").GetDouble());
        Assert.True(calibration.TryGetProperty("updated_at", out _));

        var stored = await Json.GetAsync(_admin, $"/api/cameras/{camera}/calibration");
        Assert.Equal(matrix, stored.GetProperty("image_to_floor").EnumerateArray().Select(v => v.GetDouble()));

        // A noisy point shows as a reprojection error in metres.
        var noisy = points.Select((p, i) => i == 0 ? (p.Image, Floor: (p.Floor.X + 0.3, p.Floor.Y)) : p);
        var refit = await Json.ReadAsync(await _admin.PutAsJsonAsync($"/api/cameras/{camera}/calibration", Body(noisy)));
        Assert.InRange(refit.GetProperty("reprojection_error_m").GetDouble(), 0.01, 0.3);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/cameras/{camera}/calibration")).StatusCode);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/cameras/{camera}/calibration"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.DeleteAsync($"/api/cameras/{camera}/calibration"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Degenerate_or_invalid_calibrations_are_refused_naming_the_field_and_viewers_cannot_change_them()
    {
        var camera = await CameraAsync();
        var url = $"/api/cameras/{camera}/calibration";
        object Pair(double ix, double iy, double fx, double fy) => new { image = new { x = ix, y = iy }, floor = new { x = fx, y = fy } };

        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync(url, new { points = new[] { Pair(0.1, 0.1, 0, 0), Pair(0.9, 0.1, 5, 0), Pair(0.9, 0.9, 5, 5) } }), HttpStatusCode.BadRequest, "points");
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync(url, new { }), HttpStatusCode.BadRequest, "points");
        await Json.AssertProblemAsync(
            await _admin.PutAsJsonAsync(url, new { points = new[] { Pair(0.1, 0.1, 0, 0), Pair(0.3, 0.3, 1, 0), Pair(0.6, 0.6, 2, 1), Pair(0.9, 0.9, 5, 5) } }),
            HttpStatusCode.BadRequest,
            "points");
        await Json.AssertProblemAsync(
            await _admin.PutAsJsonAsync(url, new { points = new[] { Pair(0.1, 0.1, 0, 0), Pair(1.5, 0.1, 5, 0), Pair(0.9, 0.9, 5, 5), Pair(0.1, 0.9, 0, 5) } }),
            HttpStatusCode.BadRequest,
            "points[1].image");
        await Json.AssertProblemAsync(
            await _admin.PutAsJsonAsync(url, new { points = new[] { Pair(0.1, 0.1, 0, 0), Pair(0.9, 0.1, 5, 0), Pair(0.9, 0.9, 5, 5), Pair(0.1, 0.9, 0, 1e9) } }),
            HttpStatusCode.BadRequest,
            "points[3].floor");
        await Json.AssertProblemAsync(
            await _admin.PutAsJsonAsync(url, new { points = new[] { Pair(0.1, 0.1, 0, 0), Pair(0.9, 0.1, 5, 0), Pair(0.1, 0.1, 5, 5), Pair(0.1, 0.9, 0, 5) } }),
            HttpStatusCode.BadRequest,
            "points[2].image");
        await Json.AssertProblemAsync(await _admin.PutAsync(url, Json.Body("""{"points":[{"image":{"x":"left","y":0}}]}""")), HttpStatusCode.BadRequest);
        await Json.AssertProblemAsync(await _admin.PutAsync(url, Json.Body("""{"pts":[]}""")), HttpStatusCode.BadRequest, "pts");
        var square = new { points = new[] { Pair(0.1, 0.1, 0, 0), Pair(0.9, 0.1, 5, 0), Pair(0.9, 0.9, 5, 5), Pair(0.1, 0.9, 0, 5) } };
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/cameras/{Guid.NewGuid()}/calibration", square), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/cameras/{Guid.NewGuid()}/calibration"), HttpStatusCode.NotFound);

        var viewer = _fixture.Gateway.NewClient(await _fixture.Gateway.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync(url, square)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync(url, square)).StatusCode);
        Assert.Equal(4, (await Json.GetAsync(viewer, url)).GetProperty("points").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Floor_zones_are_polygons_in_metres_per_site_with_restricted_and_loitering_settings()
    {
        var site = await SiteAsync();
        var other = await SiteAsync();
        var zones = $"/api/sites/{site}/zones";
        var polygon = new[] { new[] { 0.0, 0.0 }, new[] { 4.0, 0.0 }, new[] { 4.0, 3.0 }, new[] { 0.0, 3.0 } };
        var created = await _admin.PostAsJsonAsync(zones, new { name = "vault", polygon, restricted = true, loitering_seconds = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zone = await Json.ReadAsync(created);
        var zoneId = zone.GetProperty("id").GetGuid();
        Assert.Equal(site, zone.GetProperty("site_id").GetGuid());
        Assert.True(zone.GetProperty("restricted").GetBoolean());
        Assert.Equal(30, zone.GetProperty("loitering_seconds").GetDouble());
        Assert.Equal(4.0, zone.GetProperty("polygon")[1][0].GetDouble());
        Assert.Equal(JsonValueKind.Null, zone.GetProperty("persons").ValueKind);

        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync(zones, new { name = "vault", polygon }), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync($"/api/sites/{other}/zones", new { name = "vault", polygon })).StatusCode);
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync(zones, new { name = "two", polygon = polygon[..2] }), HttpStatusCode.BadRequest, "polygon");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync(zones, new { name = "odd", polygon = new[] { new[] { 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.BadRequest, "polygon[0]");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync(zones, new { name = "slow", polygon, loitering_seconds = 0.5 }), HttpStatusCode.BadRequest, "loitering_seconds");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync(zones, new { polygon }), HttpStatusCode.BadRequest, "name");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/sites/{Guid.NewGuid()}/zones", new { name = "x", polygon }), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{Guid.NewGuid()}/zones"), HttpStatusCode.NotFound);

        Assert.Single((await Json.GetAsync(_admin, zones)).EnumerateArray());
        var updated = await Json.ReadAsync(await _admin.PutAsJsonAsync($"{zones}/{zoneId}", new { name = "lobby", polygon = polygon[..3] }));
        Assert.Equal("lobby", updated.GetProperty("name").GetString());
        Assert.False(updated.GetProperty("restricted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("loitering_seconds").ValueKind);
        Assert.Equal(3, (await Json.GetAsync(_admin, $"{zones}/{zoneId}")).GetProperty("polygon").GetArrayLength());
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{other}/zones/{zoneId}"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync($"{zones}/{Guid.NewGuid()}", new { name = "x", polygon }), HttpStatusCode.NotFound);

        var viewer = _fixture.Gateway.NewClient(await _fixture.Gateway.CreateKeyAsync("viewer"));
        Assert.Single((await Json.GetAsync(viewer, zones)).EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(zones, new { name = "v", polygon })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"{zones}/{zoneId}", new { name = "v", polygon })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"{zones}/{zoneId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{zones}/{zoneId}")).StatusCode);
        await Json.AssertProblemAsync(await _admin.DeleteAsync($"{zones}/{zoneId}"), HttpStatusCode.NotFound);
        Assert.Empty((await Json.GetAsync(_admin, zones)).EnumerateArray());
    }

    [Fact]
    public async Task Webhook_secrets_are_write_only_and_webhooks_are_for_admins_only()
    {
        var site = await SiteAsync();
        var created = await _admin.PostAsJsonAsync("/api/webhooks", new { name = "pager", url = "https://hooks.example.com/pose", site_id = site, event_kinds = new[] { "fall" }, secret = WebhookSecret });
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(WebhookSecret, createdText, StringComparison.Ordinal);
        var webhook = JsonDocument.Parse(createdText).RootElement;
        var id = webhook.GetProperty("id").GetGuid();
        Assert.True(webhook.GetProperty("has_secret").GetBoolean());
        Assert.False(webhook.TryGetProperty("secret", out _));
        Assert.Equal(0, webhook.GetProperty("delivered").GetInt64());
        Assert.Equal(0, webhook.GetProperty("failed").GetInt64());
        Assert.Equal(JsonValueKind.Null, webhook.GetProperty("last_status").ValueKind);
        Assert.Equal(JsonValueKind.Null, webhook.GetProperty("last_attempt_at").ValueKind);
        Assert.Equal(["fall"], webhook.GetProperty("event_kinds").EnumerateArray().Select(k => k.GetString()));

        // An update without a secret keeps it; no answer ever carries it.
        var updated = await _admin.PutAsJsonAsync($"/api/webhooks/{id}", new { name = "pager 2", url = "https://hooks.example.com/pose2" });
        var updatedText = await updated.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.DoesNotContain(WebhookSecret, updatedText, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(updatedText).RootElement.GetProperty("has_secret").GetBoolean());
        Assert.Equal(WebhookSecret, await _fixture.Gateway.Service<GatewayStore>().Store.GetWebhookSecretAsync(id, CancellationToken.None));
        foreach (var path in new[] { "/api/webhooks", $"/api/webhooks/{id}" })
        {
            var text = await (await _admin.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.Contains("pager 2", text, StringComparison.Ordinal);
            Assert.DoesNotContain(WebhookSecret, text, StringComparison.Ordinal);
        }

        var unsigned = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/webhooks", new { name = "log", url = "http://127.0.0.1:9/events" }));
        Assert.False(unsigned.GetProperty("has_secret").GetBoolean());
        Assert.Equal(0, unsigned.GetProperty("event_kinds").GetArrayLength());

        var badUrl = await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/webhooks", new { name = "x", url = "https://user:" + WebhookSecret + "@hooks.example.com/" }), HttpStatusCode.BadRequest, "url");
        Assert.DoesNotContain(WebhookSecret, badUrl.ToString(), StringComparison.Ordinal);
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/webhooks", new { name = "x", url = "ftp://hooks.example.com/" }), HttpStatusCode.BadRequest, "url");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/webhooks", new { name = "x", url = "https://h/", secret = "short" }), HttpStatusCode.BadRequest, "secret");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/webhooks", new { name = "x", url = "https://h/", event_kinds = new[] { "fall", "party" } }), HttpStatusCode.BadRequest, "event_kinds[1]");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/webhooks", new { name = "x", url = "https://h/", site_id = Guid.NewGuid() }), HttpStatusCode.BadRequest, "site_id");
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/webhooks/{Guid.NewGuid()}", new { name = "x", url = "https://h/" }), HttpStatusCode.NotFound);

        var viewer = _fixture.Gateway.NewClient(await _fixture.Gateway.CreateKeyAsync("viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/webhooks", new { name = "v", url = "https://h/" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/webhooks/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/webhooks/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Events_and_history_written_by_the_site_grain_are_queried_per_site()
    {
        var site = await SiteAsync();
        var store = _fixture.Gateway.Service<GatewayStore>().Store;
        var silo = await store.RegisterSiloAsync(
            new SiloRegistration("site-writer-" + Guid.NewGuid().ToString("N")[..6], NodeClass.Nuc, ExecutionDevice.Cpu, [], 100, "http://127.0.0.1:1", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
            CancellationToken.None);
        await using (var election = store.CreateLeaderElection(silo.Id))
        await using (var lease = (await election.TryAcquireAsync(CancellationToken.None))!)
        {
            var plan = new PlacementPlan([new PlacementDecision(GrainId.ForSite(site), PlacementAction.Place, null, null, silo.Id, null, 1, "test")], new Dictionary<Guid, double>(), false);
            Assert.True((await lease.ApplyPlanAsync(plan, CancellationToken.None)).Applied);
        }

        var epoch = (await store.ListAssignmentsAsync(silo.Id, CancellationToken.None)).Single(a => a.Grain == GrainId.ForSite(site)).Epoch;
        var t0 = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 600);
        SiteEventRecord Event(int second, string kind, string? zone) => new(Guid.CreateVersion7(), site, t0.AddSeconds(second), kind, 3, null, zone, $"{kind} at {second}");
        Assert.Equal(4, await store.AppendSiteEventsAsync(silo.Id, epoch, [Event(5, "zone_entry", "vault"), Event(20, "restricted_entry", "vault"), Event(70, "fall", null), Event(80, "zone_exit", "vault")], CancellationToken.None));
        Assert.Equal(0, await store.AppendSiteEventsAsync(silo.Id, epoch + 1, [Event(90, "fall", null)], CancellationToken.None));
        SiteActivitySample Row(string zone, int second, float persons, int entries, int exits) => new(site, zone, t0.AddSeconds(second), silo.Id, epoch, persons, (int)Math.Ceiling(persons), entries, exits, exits > 0 ? 12 : 0);
        Assert.Equal(4, await store.AppendSiteActivityAsync([Row("", 10, 1, 1, 0), Row("", 40, 2, 1, 0), Row("vault", 10, 1, 1, 0), Row("", 70, 1, 0, 1)], CancellationToken.None));

        var all = await Json.GetAsync(_admin, $"/api/sites/{site}/events?from={Iso(t0)}&to={Iso(t0.AddMinutes(5))}");
        Assert.Equal(["zone_exit", "fall", "restricted_entry", "zone_entry"], all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var first = all.GetProperty("events")[2];
        Assert.Equal("vault", first.GetProperty("zone").GetString());
        Assert.Equal(3, first.GetProperty("global_id").GetInt32());
        Assert.Equal("restricted_entry at 20", first.GetProperty("details").GetString());
        var falls = await Json.GetAsync(_admin, $"/api/sites/{site}/events?from={Iso(t0)}&to={Iso(t0.AddMinutes(5))}&kind=fall,restricted_entry&limit=1");
        Assert.Equal("fall", Assert.Single(falls.GetProperty("events").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal(4, (await Json.GetAsync(_admin, $"/api/sites/{site}/events")).GetProperty("events").GetArrayLength());
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/events?kind=party"), HttpStatusCode.BadRequest, "kind");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/events?limit=0"), HttpStatusCode.BadRequest, "limit");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/events?from=soon"), HttpStatusCode.BadRequest, "from");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/events?camera=x"), HttpStatusCode.BadRequest, "camera");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{Guid.NewGuid()}/events"), HttpStatusCode.NotFound);

        var history = await Json.GetAsync(_admin, $"/api/sites/{site}/history?from={Iso(t0)}&to={Iso(t0.AddMinutes(5))}");
        Assert.Equal(60, history.GetProperty("bucket_seconds").GetDouble());
        var buckets = history.GetProperty("buckets").EnumerateArray().ToList();
        var whole = buckets.Single(b => b.GetProperty("zone").GetString() == "" && b.GetProperty("start").GetDateTimeOffset() == t0);
        Assert.Equal(2, whole.GetProperty("rows").GetInt32());
        Assert.Equal(1.5, whole.GetProperty("persons_avg").GetDouble(), 3);
        Assert.Equal(2, whole.GetProperty("entries").GetInt64());
        Assert.Contains(buckets, b => b.GetProperty("zone").GetString() == "vault");
        var vault = await Json.GetAsync(_admin, $"/api/sites/{site}/history?zone=vault&from={Iso(t0)}&to={Iso(t0.AddMinutes(5))}&bucket=300");
        Assert.Equal(["vault"], vault.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("zone").GetString()));
        Assert.Equal(300, vault.GetProperty("bucket_seconds").GetDouble());
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/history?bucket=0"), HttpStatusCode.BadRequest, "bucket");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/history?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{Guid.NewGuid()}/history"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Site_snapshots_are_fenced_by_epoch_kept_for_live_and_pushed_to_subscribed_browsers()
    {
        var site = await SiteAsync();
        var empty = await Json.GetAsync(_admin, $"/api/sites/{site}/live");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("at").ValueKind);
        Assert.Equal(0, empty.GetProperty("identities").GetArrayLength());
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{Guid.NewGuid()}/live"), HttpStatusCode.NotFound);

        await using var subscribed = await SignalRTestClient.ConnectAsync(_fixture.Gateway.BaseAddress, GatewayUnderTest.AdminKey);
        await using var other = await SignalRTestClient.ConnectAsync(_fixture.Gateway.BaseAddress, GatewayUnderTest.AdminKey);
        Assert.Equal(1, (await subscribed.InvokeAsync("Subscribe", new { cameras = Array.Empty<Guid>(), sites = new[] { site }, max_fps = 0 })).GetProperty("sites").GetInt32());
        await other.InvokeAsync("Subscribe", new { cameras = Array.Empty<Guid>(), max_fps = 0 });

        var router = _fixture.Gateway.Service<PoseFeedRouter>();
        var fall = new SiteEventRecord(Guid.CreateVersion7(), site, DateTimeOffset.UtcNow, "fall", 1, null, null, "person 1 fell");
        router.Handle(Snapshot(site, 5, 2.5, "lying", [fall]).Utf8Json, Guid.NewGuid());
        router.Handle(Snapshot(site, 4, 9, "standing", []).Utf8Json, Guid.NewGuid());

        var live = await Json.GetAsync(_admin, $"/api/sites/{site}/live");
        Assert.Equal(5, live.GetProperty("epoch").GetInt64());
        var person = Assert.Single(live.GetProperty("identities").EnumerateArray());
        Assert.Equal(2.5, person.GetProperty("x").GetDouble());
        Assert.Equal("lying", person.GetProperty("posture").GetString());
        Assert.Equal(1, live.GetProperty("persons").GetInt32());
        Assert.Equal(2, Assert.Single(live.GetProperty("zones").EnumerateArray()).GetProperty("persons").GetInt32());
        Assert.Equal("fall", Assert.Single(live.GetProperty("events").EnumerateArray()).GetProperty("kind").GetString());

        // The next snapshot repeats nothing: events stay once in the recent ring.
        router.Handle(Snapshot(site, 5, 3, "standing", [fall]).Utf8Json, Guid.NewGuid());
        Assert.Single((await Json.GetAsync(_admin, $"/api/sites/{site}/live")).GetProperty("events").EnumerateArray());

        await Eventually.WaitAsync(() => subscribed.Received.Count(m => m.Target == "Site") >= 2, TimeSpan.FromSeconds(5), "site snapshots on the hub");
        var pushed = subscribed.Received.First(m => m.Target == "Site").Argument;
        Assert.Equal(site, pushed.GetProperty("site").GetGuid());
        Assert.Equal("lying", pushed.GetProperty("identities")[0].GetProperty("posture").GetString());
        Assert.Equal("fall", pushed.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.DoesNotContain(subscribed.Received, m => m.Target == "Site" && m.Argument.GetProperty("epoch").GetInt64() == 4);
        await Task.Delay(200);
        Assert.DoesNotContain(other.Received, m => m.Target == "Site");
    }

    [Fact]
    public async Task Site_occupancy_counts_people_per_posture_in_the_latest_snapshot_and_carries_the_newest_50_live_events()
    {
        var site = await SiteAsync();
        var before = await Json.GetAsync(_admin, $"/api/sites/{site}/occupancy");
        foreach (var posture in new[] { "standing", "sitting", "lying", "unknown" })
        {
            Assert.Equal(0, before.GetProperty("posture").GetProperty(posture).GetInt32());
        }

        Assert.Equal(0, before.GetProperty("events").GetArrayLength());

        // 60 events over two snapshots of the same epoch: the answer keeps the 50 newest, newest first.
        var router = _fixture.Gateway.Service<PoseFeedRouter>();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        var events = Enumerable.Range(0, 60).Select(i => new SiteEventRecord(Guid.CreateVersion7(), site, t0.AddSeconds(i), i % 2 == 0 ? "zone_entry" : "zone_exit", i, null, "hall", $"event {i}")).ToList();
        router.Handle(Snapshot(site, 7, DateTimeOffset.UtcNow.AddSeconds(-1), [(1, "standing")], events[..30]).Utf8Json, Guid.NewGuid());
        router.Handle(
            Snapshot(site, 7, DateTimeOffset.UtcNow, [(1, "standing"), (2, "standing"), (3, "sitting"), (4, "lying"), (5, "unknown"), (6, "crouching")], events[30..]).Utf8Json,
            Guid.NewGuid());

        var occupancy = await Json.GetAsync(_admin, $"/api/sites/{site}/occupancy?minutes=5");
        var counts = occupancy.GetProperty("posture");
        Assert.Equal(2, counts.GetProperty("standing").GetInt32());
        Assert.Equal(1, counts.GetProperty("sitting").GetInt32());
        Assert.Equal(1, counts.GetProperty("lying").GetInt32());
        Assert.Equal(2, counts.GetProperty("unknown").GetInt32());
        var listed = occupancy.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(50, listed.Count);
        Assert.Equal(events[59].Id, listed[0].GetProperty("id").GetGuid());
        Assert.Equal(events[10].Id, listed[^1].GetProperty("id").GetGuid());
        Assert.Equal("zone_exit", listed[0].GetProperty("kind").GetString());
        Assert.Equal("hall", listed[0].GetProperty("zone").GetString());
        Assert.Equal(59, listed[0].GetProperty("global_id").GetInt32());

        // Another site's board stays apart.
        var other = await Json.GetAsync(_admin, $"/api/sites/{await SiteAsync()}/occupancy");
        Assert.Equal(0, other.GetProperty("events").GetArrayLength());
        Assert.Equal(0, other.GetProperty("posture").GetProperty("standing").GetInt32());
    }

    private static PoseStreamMessage Snapshot(Guid site, long epoch, double x, string posture, IReadOnlyList<SiteEventRecord> events) =>
        PoseStreamMessages.Site(new SiteLiveSnapshot(
            site, "s", "node-x", Guid.NewGuid(), epoch, DateTimeOffset.UtcNow,
            [new SiteLiveIdentity(1, x, 1.25, posture, 1)],
            [new SiteLiveZone("vault", 2, true)],
            [new SiteLiveCamera(Guid.NewGuid(), true, 1)],
            events));

    private static PoseStreamMessage Snapshot(Guid site, long epoch, DateTimeOffset at, IReadOnlyList<(int Id, string Posture)> people, IReadOnlyList<SiteEventRecord> events) =>
        PoseStreamMessages.Site(new SiteLiveSnapshot(
            site, "s", "node-x", Guid.NewGuid(), epoch, at,
            [.. people.Select(p => new SiteLiveIdentity(p.Id, p.Id, 1, p.Posture, 1))],
            [],
            [],
            events));

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static (double X, double Y) Map(double[] h, double x, double y)
    {
        var w = (h[6] * x) + (h[7] * y) + h[8];
        return (((h[0] * x) + (h[1] * y) + h[2]) / w, ((h[3] * x) + (h[4] * y) + h[5]) / w);
    }

    private async Task<Guid> CameraAsync()
    {
        var camera = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = "cal-" + Guid.NewGuid().ToString("N")[..8], source_url = "rtsp://h/s", enabled = false }));
        return camera.GetProperty("id").GetGuid();
    }

    private async Task<Guid> SiteAsync()
    {
        var site = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/sites", new { name = "Site " + Guid.NewGuid().ToString("N")[..8] }));
        return site.GetProperty("id").GetGuid();
    }
}
