using System.Net;
using System.Net.Http.Json;
using PoseCluster.Gateway.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Api;

/// <summary>Sites, zones (polygons on a camera's image), live occupancy and activity history queries.</summary>
public sealed class SiteZoneActivityApiTests : IClassFixture<ApiFixture>
{
    private readonly HttpClient _admin;

    public SiteZoneActivityApiTests(ApiFixture fixture)
    {
        _admin = fixture.Gateway.Admin;
    }

    [Fact]
    public async Task Sites_are_created_listed_renamed_and_deleted_once_empty()
    {
        var name = "Site " + Guid.NewGuid().ToString("N")[..6];
        var created = await _admin.PostAsJsonAsync("/api/sites", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var site = await Json.ReadAsync(created);
        var id = site.GetProperty("id").GetGuid();
        Assert.Equal(0, site.GetProperty("cameras").GetInt32());
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/sites", new { name }), HttpStatusCode.Conflict);
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/sites", new { name = "" }), HttpStatusCode.BadRequest, "name");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/sites", new { title = "x" }), HttpStatusCode.BadRequest, "title");
        Assert.Contains((await Json.GetAsync(_admin, "/api/sites")).EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        Assert.Equal(name + " B", (await Json.ReadAsync(await _admin.PutAsJsonAsync($"/api/sites/{id}", new { name = name + " B" }))).GetProperty("name").GetString());
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/sites/{Guid.NewGuid()}", new { name = "x" + Guid.NewGuid() }), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        var camera = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = "c-" + Guid.NewGuid().ToString("N")[..6], source_url = "rtsp://h/s", site_id = id, enabled = false }));
        Assert.Equal(1, (await Json.GetAsync(_admin, $"/api/sites/{id}")).GetProperty("cameras").GetInt32());
        await Json.AssertProblemAsync(await _admin.DeleteAsync($"/api/sites/{id}"), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/cameras/{camera.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/sites/{id}")).StatusCode);
        await Json.AssertProblemAsync(await _admin.DeleteAsync($"/api/sites/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Zones_are_polygons_on_a_camera_validated_point_by_point()
    {
        var camera = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = "z-" + Guid.NewGuid().ToString("N")[..6], source_url = "rtsp://h/s", site = "Zones site", enabled = false }));
        var cameraId = camera.GetProperty("id").GetGuid();
        var created = await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { name = "door", polygon = new[] { new[] { 0.1, 0.1 }, new[] { 0.6, 0.1 }, new[] { 0.6, 0.7 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zone = await Json.ReadAsync(created);
        var zoneId = zone.GetProperty("id").GetGuid();
        Assert.Equal(3, zone.GetProperty("polygon").GetArrayLength());
        Assert.Equal(0.6, zone.GetProperty("polygon")[1][0].GetDouble());

        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { name = "door", polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.Conflict);
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { name = "two", polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 } } }), HttpStatusCode.BadRequest, "polygon");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { name = "out", polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.5, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.BadRequest, "polygon[1]");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { name = "odd", polygon = new[] { new[] { 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.BadRequest, "polygon[0]");
        await Json.AssertProblemAsync(await _admin.PostAsync($"/api/cameras/{cameraId}/zones", Json.Body("""{"name":"s","polygon":"square"}""")), HttpStatusCode.BadRequest, "polygon");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.BadRequest, "name");
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync($"/api/cameras/{Guid.NewGuid()}/zones", new { name = "x", polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.NotFound);

        Assert.Single((await Json.GetAsync(_admin, $"/api/cameras/{cameraId}/zones")).EnumerateArray());
        Assert.Contains((await Json.GetAsync(_admin, $"/api/zones?camera={cameraId}")).EnumerateArray(), z => z.GetProperty("id").GetGuid() == zoneId);
        var moved = await Json.ReadAsync(await _admin.PutAsJsonAsync($"/api/zones/{zoneId}", new { name = "entrance", polygon = new[] { new[] { 0.0, 0.5 }, new[] { 1.0, 0.5 }, new[] { 1.0, 1.0 }, new[] { 0.0, 1.0 } } }));
        Assert.Equal("entrance", moved.GetProperty("name").GetString());
        Assert.Equal(4, (await Json.GetAsync(_admin, $"/api/zones/{zoneId}")).GetProperty("polygon").GetArrayLength());
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/zones/{Guid.NewGuid()}", new { name = "x", polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } }), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/cameras/{Guid.NewGuid()}/zones"), HttpStatusCode.NotFound);
        Assert.Equal(1, (await Json.GetAsync(_admin, $"/api/cameras/{cameraId}")).GetProperty("zones").GetInt32());

        var site = camera.GetProperty("site_id").GetGuid();
        var occupancy = await Json.GetAsync(_admin, $"/api/sites/{site}/occupancy?minutes=5");
        var entry = Assert.Single(occupancy.GetProperty("zones").EnumerateArray(), z => z.GetProperty("zone_id").GetGuid() == zoneId);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("persons").ValueKind);
        // No site snapshot yet: every posture counts zero and no event is kept.
        Assert.Equal(0, occupancy.GetProperty("posture").GetProperty("standing").GetInt32());
        Assert.Equal(0, occupancy.GetProperty("events").GetArrayLength());
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{site}/occupancy?minutes=0"), HttpStatusCode.BadRequest, "minutes");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/sites/{Guid.NewGuid()}/occupancy"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/zones/{zoneId}")).StatusCode);
        await Json.AssertProblemAsync(await _admin.DeleteAsync($"/api/zones/{zoneId}"), HttpStatusCode.NotFound);
        await _admin.PostAsJsonAsync($"/api/cameras/{cameraId}/zones", new { name = "gone-with-camera", polygon = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } } });
        await _admin.DeleteAsync($"/api/cameras/{cameraId}");
        Assert.DoesNotContain((await Json.GetAsync(_admin, "/api/zones")).EnumerateArray(), z => z.GetProperty("camera_id").GetGuid() == cameraId);
    }

    [Fact]
    public async Task Activity_queries_validate_their_parameters()
    {
        var empty = await Json.GetAsync(_admin, $"/api/activity?camera={Guid.NewGuid()}&bucket=60");
        Assert.Equal(0, empty.GetProperty("buckets").GetArrayLength());
        Assert.Equal(60, empty.GetProperty("bucket_seconds").GetDouble());
        var defaults = await Json.GetAsync(_admin, "/api/activity");
        Assert.Equal(30, defaults.GetProperty("bucket_seconds").GetDouble());

        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?camera=nope"), HttpStatusCode.BadRequest, "camera");
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?site=nope"), HttpStatusCode.BadRequest, "site");
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/activity?site={Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?from=yesterday"), HttpStatusCode.BadRequest, "from");
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "to");
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?bucket=0.1"), HttpStatusCode.BadRequest, "bucket");
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&bucket=1"), HttpStatusCode.BadRequest, "bucket");
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/activity?limit=5"), HttpStatusCode.BadRequest, "limit");
    }
}
