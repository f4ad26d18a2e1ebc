using System.Net;
using System.Net.Http.Json;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Api;

/// <summary>Logins, API keys, roles: everything but /health and /alive needs a login; viewers read, admins change.</summary>
public sealed class AuthApiTests : IClassFixture<ApiFixture>
{
    private readonly GatewayUnderTest _gateway;

    public AuthApiTests(ApiFixture fixture)
    {
        _gateway = fixture.Gateway;
    }

    public static TheoryData<string, string> ProtectedReads => new()
    {
        { "GET", "/api/cameras" }, { "GET", $"/api/cameras/{Guid.NewGuid()}" }, { "GET", $"/api/cameras/{Guid.NewGuid()}/thumbnail.jpg" },
        { "GET", "/api/sites" }, { "GET", "/api/zones" }, { "GET", "/api/nodes" }, { "GET", "/api/activity" }, { "GET", "/api/auth/me" },
        { "GET", "/api/users" }, { "GET", "/api/keys" }, { "GET", "/api/media" }, { "GET", "/api/openapi.json" }, { "GET", "/metrics" },
        { "POST", "/hubs/live/negotiate?negotiateVersion=1" }, { "GET", "/app/main.js" }, { "GET", "/index.html" },
    };

    public static TheoryData<string, string, string?> Mutations => new()
    {
        { "POST", "/api/cameras", """{"name":"v","source_url":"rtsp://h/s"}""" },
        { "POST", "/api/cameras/import", """[{"name":"v","source_url":"rtsp://h/s"}]""" },
        { "PUT", $"/api/cameras/{Guid.NewGuid()}", """{"target_fps":2}""" },
        { "POST", $"/api/cameras/{Guid.NewGuid()}/enable", null },
        { "POST", $"/api/cameras/{Guid.NewGuid()}/disable", null },
        { "DELETE", $"/api/cameras/{Guid.NewGuid()}", null },
        { "POST", "/api/sites", """{"name":"v"}""" },
        { "PUT", $"/api/sites/{Guid.NewGuid()}", """{"name":"v"}""" },
        { "DELETE", $"/api/sites/{Guid.NewGuid()}", null },
        { "POST", $"/api/cameras/{Guid.NewGuid()}/zones", """{"name":"z","polygon":[[0,0],[1,0],[1,1]]}""" },
        { "PUT", $"/api/zones/{Guid.NewGuid()}", """{"name":"z","polygon":[[0,0],[1,0],[1,1]]}""" },
        { "DELETE", $"/api/zones/{Guid.NewGuid()}", null },
        { "POST", "/api/users", """{"name":"v","password":"password-1"}""" },
        { "PUT", $"/api/users/{Guid.NewGuid()}", """{"role":"admin"}""" },
        { "DELETE", $"/api/users/{Guid.NewGuid()}", null },
        { "POST", "/api/keys", """{"name":"v"}""" },
        { "DELETE", $"/api/keys/{Guid.NewGuid()}", null },
        { "GET", "/api/media", null },
        { "GET", "/api/users", null },
        { "GET", "/api/keys", null },
    };

    [Theory]
    [MemberData(nameof(ProtectedReads))]
    public async Task Everything_needs_a_login_or_a_valid_api_key(string method, string path)
    {
        await Json.AssertProblemAsync(await _gateway.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.Unauthorized);
        var wrong = _gateway.NewClient("pck_not-a-real-key-000000000000000000");
        await Json.AssertProblemAsync(await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.Unauthorized);
        var empty = _gateway.NewClient("");
        Assert.Equal(HttpStatusCode.Unauthorized, (await empty.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
    }

    [Fact]
    public async Task Health_alive_and_the_login_page_are_open_and_pages_redirect_to_login()
    {
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Anonymous.GetAsync("/alive")).StatusCode);
        var login = await _gateway.Anonymous.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Sign in", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Anonymous.GetAsync("/public/app.css")).StatusCode);

        var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html");
        var redirect = await _gateway.Anonymous.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/login", redirect.Headers.Location?.OriginalString);

        var viewer = _gateway.NewClient(await _gateway.CreateKeyAsync("viewer"));
        var index = await viewer.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("/app/main.js", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/lib/signalr/signalr.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task Viewers_cannot_mutate_anything(string method, string path, string? body)
    {
        var viewer = _gateway.NewClient(await _gateway.CreateKeyAsync("viewer"));
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json.Body(body) };
        await Json.AssertProblemAsync(await viewer.SendAsync(request), HttpStatusCode.Forbidden);
        var anonymous = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json.Body(body) };
        await Json.AssertProblemAsync(await _gateway.Anonymous.SendAsync(anonymous), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route_and_both_ways_to_authenticate()
    {
        var document = await Json.GetAsync(_gateway.Admin, "/api/openapi.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/cameras", "/api/cameras/import", "/api/cameras/{id}", "/api/cameras/{id}/enable", "/api/cameras/{id}/thumbnail.jpg", "/api/sites", "/api/sites/{id}/occupancy", "/api/cameras/{id}/zones", "/api/zones/{id}", "/api/nodes", "/api/activity", "/api/auth/login", "/api/users", "/api/keys", "/api/media" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the OpenAPI document lists {path}");
        }

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("CameraInput", out var input));
        Assert.True(input.GetProperty("properties").TryGetProperty("source_url", out _));
    }

    [Fact]
    public async Task Login_sets_a_strict_http_only_cookie_and_logout_ends_the_session()
    {
        await Json.AssertProblemAsync(await _gateway.Anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "wrong-password" }), HttpStatusCode.Unauthorized);
        await Json.AssertProblemAsync(await _gateway.Anonymous.PostAsJsonAsync("/api/auth/login", new { username = "nobody", password = "wrong-password" }), HttpStatusCode.Unauthorized);
        await Json.AssertProblemAsync(await _gateway.Anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin" }), HttpStatusCode.BadRequest, "password");
        await Json.AssertProblemAsync(await _gateway.Anonymous.PostAsync("/api/auth/login", Json.Body("{\"username\":")), HttpStatusCode.BadRequest, "body");
        await Json.AssertProblemAsync(await _gateway.Anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "x", remember = true }), HttpStatusCode.BadRequest, "remember");

        var client = _gateway.NewClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = GatewayUnderTest.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("posecluster_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var me = await Json.GetAsync(client, "/api/auth/me");
        Assert.Equal("admin", me.GetProperty("name").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal("session", me.GetProperty("method").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cameras")).StatusCode);

        // The cookie is not accepted for a cross-origin change (CSRF).
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/sites") { Content = Json.Body("""{"name":"csrf"}""") };
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(crossSite)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/cameras")).StatusCode);
    }

    [Fact]
    public async Task Admins_manage_users_and_keys_keys_are_shown_once_and_the_last_admin_stays()
    {
        var admin = _gateway.Admin;
        var name = "viewer-" + Guid.NewGuid().ToString("N")[..6];
        await Json.AssertProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name, password = "short" }), HttpStatusCode.BadRequest, "password");
        await Json.AssertProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name, password = "long-enough-1", role = "root" }), HttpStatusCode.BadRequest, "role");
        await Json.AssertProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name = "has space", password = "long-enough-1" }), HttpStatusCode.BadRequest, "name");
        var created = await admin.PostAsJsonAsync("/api/users", new { name, password = "long-enough-1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await Json.ReadAsync(created);
        Assert.Equal("viewer", user.GetProperty("role").GetString());
        Assert.False(user.TryGetProperty("password", out _));
        Assert.False(user.TryGetProperty("password_hash", out _));
        await Json.AssertProblemAsync(await admin.PostAsJsonAsync("/api/users", new { name, password = "long-enough-1" }), HttpStatusCode.Conflict);
        Assert.DoesNotContain("pbkdf2", await admin.GetStringAsync("/api/users"), StringComparison.Ordinal);

        var viewer = await _gateway.LoginAsync(name, "long-enough-1");
        Assert.Equal("viewer", (await Json.GetAsync(viewer, "/api/auth/me")).GetProperty("role").GetString());
        await Json.AssertProblemAsync(await viewer.PostAsJsonAsync("/api/sites", new { name = "nope" }), HttpStatusCode.Forbidden);

        // A new password ends the user's sessions.
        var id = user.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/users/{id}", new { password = "another-pass-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewer.GetAsync("/api/cameras")).StatusCode);
        await Json.AssertProblemAsync(await admin.PutAsJsonAsync($"/api/users/{id}", new { name = "renamed" }), HttpStatusCode.BadRequest, "name");
        await Json.AssertProblemAsync(await admin.PutAsJsonAsync($"/api/users/{Guid.NewGuid()}", new { role = "admin" }), HttpStatusCode.NotFound);

        var users = await Json.GetAsync(admin, "/api/users");
        var adminId = users.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "admin").GetProperty("id").GetGuid();
        if (users.EnumerateArray().Count(u => u.GetProperty("role").GetString() == "admin") == 1)
        {
            await Json.AssertProblemAsync(await admin.DeleteAsync($"/api/users/{adminId}"), HttpStatusCode.Conflict);
            await Json.AssertProblemAsync(await admin.PutAsJsonAsync($"/api/users/{adminId}", new { role = "viewer" }), HttpStatusCode.Conflict);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{id}")).StatusCode);
        await Json.AssertProblemAsync(await admin.DeleteAsync($"/api/users/{id}"), HttpStatusCode.NotFound);

        var keyResponse = await admin.PostAsJsonAsync("/api/keys", new { name = "ci", role = "admin" });
        Assert.Equal(HttpStatusCode.Created, keyResponse.StatusCode);
        var key = await Json.ReadAsync(keyResponse);
        var secret = key.GetProperty("key").GetString()!;
        Assert.StartsWith("pck_", secret, StringComparison.Ordinal);
        Assert.StartsWith(key.GetProperty("key_prefix").GetString()!, secret, StringComparison.Ordinal);
        var listed = await admin.GetStringAsync("/api/keys");
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayUnderTest.AdminKey, listed, StringComparison.Ordinal);
        await Json.AssertProblemAsync(await admin.PostAsJsonAsync("/api/keys", new { name = "", role = "admin" }), HttpStatusCode.BadRequest, "name");

        var automation = _gateway.NewClient(secret);
        Assert.Equal("api-key", (await Json.GetAsync(automation, "/api/auth/me")).GetProperty("method").GetString());
        Assert.Equal(HttpStatusCode.Created, (await automation.PostAsJsonAsync("/api/sites", new { name = "made-by-key-" + Guid.NewGuid().ToString("N")[..6] })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{key.GetProperty("id").GetGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await automation.GetAsync("/api/cameras")).StatusCode);
        await Json.AssertProblemAsync(await admin.DeleteAsync($"/api/keys/{key.GetProperty("id").GetGuid()}"), HttpStatusCode.NotFound);
    }
}

/// <summary>Login attempts are rate-limited per client address.</summary>
public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Too_many_login_attempts_get_429()
    {
        var dir = SiloTestAssets.TempDirectory();
        var options = GatewayUnderTest.TestOptions("sqlite:" + Path.Combine(dir, "cluster.db"), SiloTestAssets.KeyFile());
        options.Auth.LoginAttemptsPerMinute = 3;
        await using var gateway = await GatewayUnderTest.StartAsync(options);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "guess-" + i })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await gateway.Anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = GatewayUnderTest.AdminPassword })).StatusCode);
    }
}
