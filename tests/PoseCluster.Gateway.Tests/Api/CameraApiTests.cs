using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PoseCluster.Gateway.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Api;

/// <summary><c>/api/cameras</c>: every route's success and failure paths (validation, traversal, limits, credentials).</summary>
public sealed class CameraApiTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _fixture;
    private readonly HttpClient _admin;

    public CameraApiTests(ApiFixture fixture)
    {
        _fixture = fixture;
        _admin = fixture.Gateway.Admin;
    }

    [Fact]
    public async Task A_camera_is_created_read_listed_updated_disabled_enabled_and_deleted()
    {
        var name = Unique("lobby");
        var created = await _admin.PostAsJsonAsync("/api/cameras", new { name, source_url = "rtsp://10.0.0.7:554/stream", site = "HQ", target_fps = 5, pipeline = "topdown", required_class = "gpu" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var camera = await Json.ReadAsync(created);
        var id = camera.GetProperty("id").GetGuid();
        Assert.Equal($"/api/cameras/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("rtsp://10.0.0.7:554/stream", camera.GetProperty("source_url").GetString());
        Assert.Equal("HQ", camera.GetProperty("site").GetString());
        Assert.Equal("gpu", camera.GetProperty("required_class").GetString());
        Assert.Equal(5, camera.GetProperty("target_fps").GetDouble());
        // No silo runs in this fixture: the camera waits for placement.
        Assert.Contains(camera.GetProperty("state").GetString(), new[] { "connecting", "unplaced" });
        foreach (var field in new[] { "id", "name", "state", "fps_in", "fps_out", "persons", "node" })
        {
            Assert.True(camera.TryGetProperty(field, out _), $"the camera view has '{field}'");
        }

        var read = await Json.GetAsync(_admin, $"/api/cameras/{id}");
        Assert.Equal(name, read.GetProperty("name").GetString());
        var list = await Json.GetAsync(_admin, "/api/cameras");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetGuid() == id);
        var site = read.GetProperty("site_id").GetGuid();
        var bySite = await Json.GetAsync(_admin, $"/api/cameras?site={site}");
        Assert.All(bySite.EnumerateArray(), c => Assert.Equal(site, c.GetProperty("site_id").GetGuid()));

        var updated = await _admin.PutAsJsonAsync($"/api/cameras/{id}", new { target_fps = 8, pipeline = "auto" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await Json.ReadAsync(updated);
        Assert.Equal(8, after.GetProperty("target_fps").GetDouble());
        Assert.Equal(name, after.GetProperty("name").GetString());
        Assert.Equal("gpu", after.GetProperty("required_class").GetString());

        var disabled = await Json.ReadAsync(await _admin.PostAsync($"/api/cameras/{id}/disable", null));
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal("unplaced", disabled.GetProperty("state").GetString());
        Assert.Equal("the camera is disabled", disabled.GetProperty("reason").GetString());
        var enabled = await Json.ReadAsync(await _admin.PostAsync($"/api/cameras/{id}/enable", null));
        Assert.True(enabled.GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/cameras/{id}")).StatusCode);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/cameras/{id}"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.DeleteAsync($"/api/cameras/{id}"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.PutAsJsonAsync($"/api/cameras/{id}", new { target_fps = 3 }), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.PostAsync($"/api/cameras/{id}/enable", null), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.PostAsync($"/api/cameras/{id}/disable", null), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync($"/api/cameras/{id}/thumbnail.jpg"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/cameras/not-a-guid"), HttpStatusCode.NotFound);
        await Json.AssertProblemAsync(await _admin.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_fields_are_rfc7807_problems_naming_each_field()
    {
        var problem = await Json.AssertProblemAsync(
            await _admin.PostAsJsonAsync("/api/cameras", new { target_fps = 500, pipeline = "magic", required_class = "tpu" }),
            HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "source_url", "target_fps", "pipeline", "required_class" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors name '{field}': {errors}");
        }

        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s","colour":"red"}"""), HttpStatusCode.BadRequest, "colour");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s","target_fps":"fast"}"""), HttpStatusCode.BadRequest, "target_fps");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s","enabled":"yes"}"""), HttpStatusCode.BadRequest, "enabled");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s","site_id":"nope"}"""), HttpStatusCode.BadRequest, "site_id");
        await Json.AssertProblemAsync(await Post($$"""{"name":"{{Unique("s")}}","source_url":"rtsp://h/s","site_id":"{{Guid.NewGuid()}}"}"""), HttpStatusCode.BadRequest, "site_id");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s","site":"a","site_id":"00000000-0000-0000-0000-000000000001"}"""), HttpStatusCode.BadRequest, "site");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s","password":"pw"}"""), HttpStatusCode.BadRequest, "username");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://u:p@h/s","username":"a","password":"b"}"""), HttpStatusCode.BadRequest, "username");
        await Json.AssertProblemAsync(await Post("""{"name": "x", "source_url": """), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await Post("""{"name":"x",}"""), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await Post("""[{"name":"x"}]"""), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await Post(""), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await Post("""{"name":"x","source_url":"rtsp://h/s"}""", "text/plain"), HttpStatusCode.UnsupportedMediaType);
        await Json.AssertProblemAsync(await _admin.PostAsync("/api/cameras", null), HttpStatusCode.UnsupportedMediaType);
        var big = $$"""{"name":"{{new string('x', 70_000)}}","source_url":"rtsp://h/s"}""";
        await Json.AssertProblemAsync(await PostLarge(big, "/api/cameras"), HttpStatusCode.RequestEntityTooLarge);
        await Json.AssertProblemAsync(await Post($$"""{"name":"{{new string('n', 201)}}","source_url":"rtsp://h/s"}"""), HttpStatusCode.BadRequest, "name");

        var name = Unique("dup");
        Assert.Equal(HttpStatusCode.Created, (await Post($$"""{"name":"{{name}}","source_url":"rtsp://h/s"}""")).StatusCode);
        await Json.AssertProblemAsync(await Post($$"""{"name":"{{name}}","source_url":"rtsp://h/t"}"""), HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://10.0.0.1/stream")]
    [InlineData("javascript:alert(1)")]
    [InlineData("rtsp://")]
    [InlineData("http:///path-only")]
    [InlineData("tcp://10.0.0.1:554")]
    [InlineData("relative/video.mp4")]
    [InlineData("rtsp://host/stream\nX-Injected: 1")]
    [InlineData("file://remote-host/share/video.mp4")]
    public async Task Invalid_source_urls_are_refused_naming_source_url(string url)
    {
        await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = Unique("bad-url"), source_url = url }), HttpStatusCode.BadRequest, "source_url");
    }

    [Fact]
    public async Task File_and_replay_sources_must_stay_inside_the_media_folders()
    {
        var media = Path.GetDirectoryName(_fixture.Video)!;
        string[] traversals =
        [
            "/etc/passwd",
            "file:///etc/passwd",
            "replay:///etc/passwd",
            $"{media}/../../../../etc/passwd",
            $"file://{media}/../../../../etc/passwd",
            $"replay://{media}/../../../../etc/passwd",
            $"replay://{media}/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            $"file://{media}/%2E%2E/%2E%2E/etc/passwd",
            $"{media}/..%2f..%2fetc/passwd",
            Path.Combine(_fixture.TempMedia, "escape.mp4"),
            "replay://" + Path.Combine(_fixture.TempMedia, "escape.mp4"),
            Path.Combine(_fixture.TempMedia, "etc", "passwd"),
            $"{media}/no-such-video.mp4",
            "~/video.mp4",
            "replay://relative/video.mp4",
        ];
        foreach (var url in traversals)
        {
            var problem = await Json.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = Unique("trav"), source_url = url }), HttpStatusCode.BadRequest, "source_url");
            Assert.DoesNotContain("root:", problem.ToString(), StringComparison.Ordinal);
        }

        foreach (var url in new[] { _fixture.Video, "file://" + _fixture.Video, "replay://" + _fixture.Video })
        {
            var created = await _admin.PostAsJsonAsync("/api/cameras", new { name = Unique("media"), source_url = url, enabled = false });
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{url}: {await created.Content.ReadAsStringAsync()}");
        }

        var listed = await Json.GetAsync(_admin, "/api/media");
        // Listed by its real path (a checkout may reach the media through a linked folder).
        Assert.Contains(listed.EnumerateArray(), m => Path.GetFileName(m.GetProperty("path").GetString()) == Path.GetFileName(_fixture.Video)
            && File.Exists(m.GetProperty("path").GetString()) && m.GetProperty("replay_url").GetString() == "replay://" + m.GetProperty("path").GetString());
        Assert.DoesNotContain(listed.EnumerateArray(), m => m.GetProperty("path").GetString()!.Contains("escape", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_are_write_only_never_returned_nor_logged()
    {
        const string secret = "S3cret-Camera-Pa55";
        var a = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = Unique("cred-url"), source_url = $"rtsp://operator:{secret}@10.0.0.9/live", enabled = false }));
        var b = await Json.ReadAsync(await _admin.PostAsJsonAsync("/api/cameras", new { name = Unique("cred-fields"), source_url = "http://10.0.0.10/mjpeg", username = "operator", password = secret, enabled = false }));
        Assert.True(a.GetProperty("has_credentials").GetBoolean());
        Assert.True(b.GetProperty("has_credentials").GetBoolean());
        Assert.Equal("rtsp://10.0.0.9/live", a.GetProperty("source_url").GetString());
        Assert.False(b.TryGetProperty("password", out _));
        Assert.False(b.TryGetProperty("username", out _));

        var id = b.GetProperty("id").GetGuid();
        var kept = await Json.ReadAsync(await _admin.PutAsJsonAsync($"/api/cameras/{id}", new { target_fps = 4 }));
        Assert.True(kept.GetProperty("has_credentials").GetBoolean());
        var everything = await _admin.GetStringAsync("/api/cameras") + await _admin.GetStringAsync($"/api/cameras/{id}") + await _admin.GetStringAsync("/api/openapi.json");
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_fixture.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));

        var cleared = await Json.ReadAsync(await _admin.PutAsJsonAsync($"/api/cameras/{id}", new { clear_credentials = true }));
        Assert.False(cleared.GetProperty("has_credentials").GetBoolean());
    }

    [Fact]
    public async Task Dozens_of_cameras_import_from_json_or_csv_all_or_nothing()
    {
        var site = Unique("Tower");
        var json = JsonSerializer.Serialize(Enumerable.Range(1, 24).Select(i => new { name = $"{site}-cam-{i:00}", source_url = $"rtsp://10.1.0.{i}/stream", site, target_fps = 5, enabled = false }));
        var imported = await Post(json, path: "/api/cameras/import");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var result = await Json.ReadAsync(imported);
        Assert.Equal(24, result.GetProperty("imported").GetInt32());
        Assert.All(result.GetProperty("cameras").EnumerateArray(), c => Assert.Equal(site, c.GetProperty("site").GetString()));

        var wrapped = await Post($$"""{"cameras":[{"name":"{{site}}-wrapped","source_url":"rtsp://10.2.0.1/s","enabled":false}]}""", path: "/api/cameras/import");
        Assert.Equal(HttpStatusCode.Created, wrapped.StatusCode);

        var csv = $"name,source_url,site,target_fps,username,password,enabled\n{site}-csv-1,rtsp://10.3.0.1/s,\"{site}, annex\",5,op,\"p,w\"\"d\",false\n{site}-csv-2,{_fixture.Video},,2.5,,,no\n";
        var fromCsv = await Post(csv, "text/csv", "/api/cameras/import");
        Assert.True(fromCsv.StatusCode == HttpStatusCode.Created, await fromCsv.Content.ReadAsStringAsync());
        var csvCameras = (await Json.ReadAsync(fromCsv)).GetProperty("cameras");
        Assert.Equal($"{site}, annex", csvCameras[0].GetProperty("site").GetString());
        Assert.True(csvCameras[0].GetProperty("has_credentials").GetBoolean());
        Assert.Equal(2.5, csvCameras[1].GetProperty("target_fps").GetDouble());

        var before = (await Json.GetAsync(_admin, "/api/cameras")).GetArrayLength();
        var oneBad = JsonSerializer.Serialize(new object[] { new { name = Unique("ok"), source_url = "rtsp://h/1" }, new { name = Unique("bad"), source_url = "/etc/shadow" }, new { name = Unique("bad2"), source_url = "rtsp://h/2", target_fps = -1 } });
        var rejected = await Json.AssertProblemAsync(await Post(oneBad, path: "/api/cameras/import"), HttpStatusCode.BadRequest, "cameras[1].source_url");
        Assert.True(rejected.GetProperty("errors").TryGetProperty("cameras[2].target_fps", out _));
        await Json.AssertProblemAsync(await Post("""[{"name":"x","source_url":"rtsp://h/1","zoom":2}]""", path: "/api/cameras/import"), HttpStatusCode.BadRequest, "cameras[0].zoom");
        await Json.AssertProblemAsync(await Post("""[{"name":"x","source_url":"rtsp://h/1","target_fps":"x"}]""", path: "/api/cameras/import"), HttpStatusCode.BadRequest, "cameras[0].target_fps");
        await Json.AssertProblemAsync(await Post($$"""[{"name":"{{site}}-cam-01","source_url":"rtsp://h/1"}]""", path: "/api/cameras/import"), HttpStatusCode.Conflict, "cameras[0].name");
        await Json.AssertProblemAsync(await Post("""[{"name":"twice","source_url":"rtsp://h/1"},{"name":"twice","source_url":"rtsp://h/2"}]""", path: "/api/cameras/import"), HttpStatusCode.Conflict, "cameras[1].name");
        await Json.AssertProblemAsync(await Post("[]", path: "/api/cameras/import"), HttpStatusCode.BadRequest, "cameras");
        await Json.AssertProblemAsync(await Post("""{"cams":[]}""", path: "/api/cameras/import"), HttpStatusCode.BadRequest, "cams");
        await Json.AssertProblemAsync(await Post("[{]", path: "/api/cameras/import"), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await Post("name,url\nx,rtsp://h/1\n", "text/csv", "/api/cameras/import"), HttpStatusCode.BadRequest, "columns[1]");
        await Json.AssertProblemAsync(await Post("name,source_url\n\"x,rtsp://h/1\n", "text/csv", "/api/cameras/import"), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await Post("name,source_url,target_fps\nx,rtsp://h/1,fast\n", "text/csv", "/api/cameras/import"), HttpStatusCode.BadRequest, "cameras[0].target_fps");
        await Json.AssertProblemAsync(await Post("<cameras/>", "application/xml", "/api/cameras/import"), HttpStatusCode.UnsupportedMediaType);
        var tooMany = JsonSerializer.Serialize(Enumerable.Range(0, 501).Select(i => new { name = $"n{i}", source_url = "rtsp://h/1" }));
        await Json.AssertProblemAsync(await Post(tooMany, path: "/api/cameras/import"), HttpStatusCode.BadRequest, "cameras");
        var huge = "[" + string.Join(",", Enumerable.Repeat($$"""{"name":"{{new string('x', 150)}}","source_url":"rtsp://h/1"}""", 15_000)) + "]";
        await Json.AssertProblemAsync(await PostLarge(huge, "/api/cameras/import"), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, (await Json.GetAsync(_admin, "/api/cameras")).GetArrayLength());
    }

    private Task<HttpResponseMessage> Post(string body, string contentType = "application/json", string path = "/api/cameras") =>
        _admin.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>A large body sent the way careful clients do (Expect: 100-continue): the refusal arrives before the body is sent.</summary>
    private Task<HttpResponseMessage> PostLarge(string body, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        return _admin.SendAsync(request);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
