using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Grains.Inference;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Browser;

/// <summary>
/// The site view in headless Chromium against an embedded node whose cameras play the scripted fall scene: a
/// calibrated camera places the person on the floor plan, the fall shows in the event list; an admin draws a floor
/// zone on the plan and calibrates a camera by clicking its image. Screenshots go to the test results folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SiteViewTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private readonly ITestOutputHelper _output;
    private readonly LogSink _logs;
    private GatewayUnderTest _gateway = null!;
    private InProcessSilo _silo = null!;

    public SiteViewTests(BrowserFixture browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        _logs = new LogSink(output);
    }

    public async Task InitializeAsync()
    {
        var dir = SiloTestAssets.TempDirectory();
        var store = "sqlite:" + Path.Combine(dir, "cluster.db");
        var key = SiloTestAssets.KeyFile();
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.TestOptions(store, key), _logs);
        _silo = await InProcessSilo.StartAsync(InProcessSilo.TestOptions("site-node", store, key, simulatedCostMs: 5, simulatedScene: SimulatedFallScene.Name), _logs);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_calibrated_camera_places_the_person_on_the_floor_plan_and_the_fall_appears_in_the_event_list()
    {
        var admin = _gateway.Admin;
        var site = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/sites", new { name = "Hall" }));
        var siteId = site.GetProperty("id").GetGuid();
        var camera = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/cameras", new { name = "hall-1", source_url = "replay://" + SiloTestAssets.Video, target_fps = 10, site_id = siteId }));
        var cameraId = camera.GetProperty("id").GetGuid();
        var points = SimulatedFallScene.Calibration.Select(p => new { image = new { x = p.ImageX, y = p.ImageY }, floor = new { x = p.FloorX, y = p.FloorY } });
        var calibrated = await admin.PutAsJsonAsync($"/api/cameras/{cameraId}/calibration", new { points });
        Assert.Equal(HttpStatusCode.OK, calibrated.StatusCode);
        Assert.InRange((await Json.ReadAsync(calibrated)).GetProperty("reprojection_error_m").GetDouble(), 0, 0.01);
        var aisle = new[] { new[] { -0.5, 5.0 }, new[] { 1.5, 5.0 }, new[] { 1.5, 7.0 }, new[] { -0.5, 7.0 } };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/sites/{siteId}/zones", new { name = "aisle", polygon = aisle, restricted = true })).StatusCode);

        var page = await _browser.NewPageAsync(_output);
        await BrowserFixture.LoginAsync(page, _gateway.BaseAddress, "admin", GatewayUnderTest.AdminPassword);
        // The camera tile shows the pipeline of its frames.
        await page.Locator("[data-testid=camera-tile] [data-testid=pipeline]:not(.hidden)").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        _output.WriteLine("tile pipeline: " + await page.Locator("[data-testid=camera-tile] [data-testid=pipeline]").First.TextContentAsync());

        await page.ClickAsync("#nav a[data-page=sites]");
        await page.WaitForSelectorAsync("[data-testid=site-link]:has-text('Hall')");
        await page.GotoAsync($"{_gateway.BaseAddress}/#/sites/{siteId}");
        await page.WaitForSelectorAsync("[data-testid=site-floor] canvas");
        await page.WaitForSelectorAsync("[data-testid=site-zone][data-zone=aisle]");

        // A live position: the person walking in, on the plan (a dot, and its chip below the plan).
        var identity = page.Locator("[data-testid=site-identity]").First;
        await identity.WaitForAsync(new LocatorWaitForOptions { Timeout = 45_000 });
        var x = double.Parse((await identity.GetAttributeAsync("data-x"))!, System.Globalization.CultureInfo.InvariantCulture);
        var y = double.Parse((await identity.GetAttributeAsync("data-y"))!, System.Globalization.CultureInfo.InvariantCulture);
        _output.WriteLine($"first position: ({x}, {y}) {await identity.GetAttributeAsync("data-posture")}");
        Assert.InRange(x, -4, 4);
        Assert.InRange(y, 2, 10);
        await page.WaitForFunctionAsync("window.__posecluster.sites > 0");
        await BrowserFixture.ScreenshotAsync(page, "site-01-floor-plan-walking");

        // Then the fall: an event of kind fall in the list (highlighted), the person lying on the plan.
        await page.Locator("[data-testid=site-event][data-kind=fall]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        Assert.Contains("fall", await page.Locator("[data-testid=site-event][data-kind=fall]").First.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        await page.Locator("[data-testid=site-identity][data-posture=lying]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.WaitForFunctionAsync("/^\\d+$/.test(document.querySelector('[data-testid=site-zone][data-zone=aisle] [data-testid=site-zone-count]').textContent)");
        await BrowserFixture.ScreenshotAsync(page, "site-02-fall-event", fullPage: true);
        var stored = await Json.GetAsync(admin, $"/api/sites/{siteId}/events?kind=fall");
        Assert.NotEqual(0, stored.GetProperty("events").GetArrayLength());

        // An admin draws a floor zone by clicking its corners on the plan.
        await page.ClickAsync("[data-testid=site-zone-draw]");
        var floor = page.Locator("[data-testid=site-floor] canvas");
        var box = (await floor.BoundingBoxAsync())!;
        foreach (var (fx, fy) in new[] { (0.2, 0.2), (0.45, 0.2), (0.45, 0.45) })
        {
            await floor.ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)(box.Width * fx), Y = (float)(box.Height * fy) } });
        }

        await page.FillAsync("[data-testid=site-zone-name]", "corner");
        await page.CheckAsync("[data-testid=site-zone-restricted]");
        await page.FillAsync("[data-testid=site-zone-loitering]", "20");
        await page.ClickAsync("[data-testid=site-zone-save]");
        await page.WaitForSelectorAsync("[data-testid=site-zone][data-zone=corner]");
        var zones = await Json.GetAsync(admin, $"/api/sites/{siteId}/zones");
        var corner = Assert.Single(zones.EnumerateArray(), z => z.GetProperty("name").GetString() == "corner");
        Assert.Equal(3, corner.GetProperty("polygon").GetArrayLength());
        Assert.True(corner.GetProperty("restricted").GetBoolean());
        Assert.Equal(20, corner.GetProperty("loitering_seconds").GetDouble());
        await BrowserFixture.ScreenshotAsync(page, "site-03-floor-zone-drawn");

        // A viewer sees the plan and the events but no drawing control.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { name = "watch", password = "watch-password-1", role = "viewer" })).StatusCode);
        var viewer = await _browser.NewPageAsync(_output);
        await BrowserFixture.LoginAsync(viewer, _gateway.BaseAddress, "watch", "watch-password-1");
        await viewer.GotoAsync($"{_gateway.BaseAddress}/#/sites/{siteId}");
        await viewer.Locator("[data-testid=site-event][data-kind=fall]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Equal(0, await viewer.Locator("[data-testid=site-zone-draw]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=site-zone-delete]").CountAsync());
    }

    [Fact]
    public async Task An_admin_calibrates_a_camera_by_clicking_four_floor_marks_on_its_image()
    {
        var admin = _gateway.Admin;
        var camera = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/cameras", new { name = "door", source_url = "replay://" + SiloTestAssets.Video, target_fps = 5, site = "Entrance" }));
        var cameraId = camera.GetProperty("id").GetGuid();

        var page = await _browser.NewPageAsync(_output);
        await BrowserFixture.LoginAsync(page, _gateway.BaseAddress, "admin", GatewayUnderTest.AdminPassword);
        await page.GotoAsync($"{_gateway.BaseAddress}/#/camera/{cameraId}");
        await page.WaitForSelectorAsync("[data-testid=calibration-panel]");
        await page.WaitForSelectorAsync("[data-testid=fact-state]:has-text('streaming')", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.ClickAsync("[data-testid=calibration-start]");

        var canvas = page.Locator("[data-testid=detail-view] canvas");
        var box = (await canvas.BoundingBoxAsync())!;
        (double X, double Y, double FloorX, double FloorY)[] marks = [(0.2, 0.6, -2, 3), (0.8, 0.6, 2, 3), (0.9, 0.9, 2.5, 1), (0.1, 0.9, -2.5, 1)];
        foreach (var m in marks)
        {
            await canvas.ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)(box.Width * m.X), Y = (float)(box.Height * m.Y) } });
        }

        await Eventually.WaitAsync(async () => await page.Locator("[data-testid=calibration-pending]").CountAsync() == 4, TimeSpan.FromSeconds(10), "four pending points");
        for (var i = 0; i < marks.Length; i++)
        {
            await page.Locator("[data-testid=calibration-floor-x]").Nth(i).FillAsync(marks[i].FloorX.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.Locator("[data-testid=calibration-floor-y]").Nth(i).FillAsync(marks[i].FloorY.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await BrowserFixture.ScreenshotAsync(page, "site-04-calibration-clicked");
        await page.ClickAsync("[data-testid=calibration-save]");
        await Eventually.WaitAsync(async () => await page.Locator("[data-testid=calibration-point]").CountAsync() == 4, TimeSpan.FromSeconds(10), "the stored calibration pairs on the page");
        await page.WaitForSelectorAsync("[data-testid=calibration-error]:has-text('RMS reprojection error')");
        await BrowserFixture.ScreenshotAsync(page, "site-05-calibration-saved");

        var stored = await Json.GetAsync(admin, $"/api/cameras/{cameraId}/calibration");
        var points = stored.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(4, points.Count);
        for (var i = 0; i < marks.Length; i++)
        {
            Assert.Equal(marks[i].FloorX, points[i].GetProperty("floor").GetProperty("x").GetDouble());
            Assert.Equal(marks[i].FloorY, points[i].GetProperty("floor").GetProperty("y").GetDouble());
            // The clicked image point, within the canvas's letterboxing (the image fills the 1280x720 view's width).
            Assert.InRange(points[i].GetProperty("image").GetProperty("x").GetDouble(), marks[i].X - 0.03, marks[i].X + 0.03);
        }

        Assert.Equal(9, stored.GetProperty("image_to_floor").GetArrayLength());

        // Clearing removes it.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("[data-testid=calibration-clear]");
        await page.WaitForSelectorAsync("[data-testid=calibration-error]:has-text('Not calibrated')");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/cameras/{cameraId}/calibration")).StatusCode);
    }
}
