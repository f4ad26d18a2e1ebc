using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Browser;

/// <summary>
/// The dashboard in headless Chromium against an embedded node (gateway + one silo with the real models + SQLite):
/// sign in, register a camera through the UI, see it stream with skeletons and a moving person count, draw a zone;
/// a viewer sees no mutation control and is refused by the API. Screenshots go to the test results folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests : IAsyncLifetime
{
    private const string Secret = "Camera-Secret-42";
    private readonly BrowserFixture _browser;
    private readonly ITestOutputHelper _output;
    private readonly LogSink _logs;
    private GatewayUnderTest _gateway = null!;
    private InProcessSilo _silo = null!;

    public DashboardTests(BrowserFixture browser, ITestOutputHelper output)
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
        _silo = await InProcessSilo.StartAsync(InProcessSilo.TestOptions("edge-1", store, key, simulatedCostMs: 0), _logs);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_registers_a_camera_in_the_ui_sees_skeletons_and_a_moving_person_count_and_draws_a_zone_a_viewer_cannot_change_anything()
    {
        var page = await _browser.NewPageAsync(_output);
        await page.GotoAsync(_gateway.BaseAddress + "/");
        await page.WaitForURLAsync("**/login**");
        await BrowserFixture.ScreenshotAsync(page, "01-login");
        await BrowserFixture.LoginAsync(page, _gateway.BaseAddress, "admin", GatewayUnderTest.AdminPassword);

        // Register through the UI: pick the demo video from the media list (a replayed live camera).
        await page.ClickAsync("#nav a[data-page=manage]");
        await page.WaitForSelectorAsync("[data-testid=camera-form]");
        await page.FillAsync("[data-testid=camera-name]", "entrance");
        await page.WaitForFunctionAsync("document.querySelectorAll('[data-testid=camera-media] option').length > 1");
        // The list holds real paths (the checkout may reach the shared media through a linked folder).
        var video = await page.EvalOnSelectorAsync<string>(
            "[data-testid=camera-media]", $"s => [...s.options].map(o => o.value).find(v => v.endsWith('/{Path.GetFileName(SiloTestAssets.Video)}'))");
        await page.SelectOptionAsync("[data-testid=camera-media]", new SelectOptionValue { Value = video });
        await page.FillAsync("[data-testid=camera-site]", "Lobby");
        await page.FillAsync("[data-testid=camera-fps]", "5");
        await BrowserFixture.ScreenshotAsync(page, "02-register-camera");
        await page.ClickAsync("[data-testid=camera-submit]");
        try
        {
            // The app moves to the grid once the API answered (hash navigation; generous for a loaded CI machine).
            await page.WaitForFunctionAsync("location.hash.startsWith('#/cameras')", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            await BrowserFixture.ScreenshotAsync(page, "02b-register-camera-stuck");
            throw new TimeoutException($"The registration form did not return to the grid; the page says: {await page.InnerTextAsync("main")}");
        }

        var tile = page.Locator("[data-testid=camera-tile]").Filter(new LocatorFilterOptions { HasText = "entrance" });
        await tile.Locator("[data-testid=state][data-state=streaming]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync("window.__posecluster.persons_drawn > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });

        // The person count moves as people walk through the scene.
        var counts = new HashSet<string>();
        await Eventually.WaitAsync(
            async () =>
            {
                var value = await tile.Locator("[data-testid=persons]").GetAttributeAsync("data-persons");
                if (!string.IsNullOrEmpty(value))
                {
                    counts.Add(value);
                }

                return counts.Count(c => c != "0") >= 1 && counts.Count >= 2;
            },
            TimeSpan.FromSeconds(45),
            "the person count on the tile changing");
        _output.WriteLine("person counts seen: " + string.Join(", ", counts));
        await page.WaitForFunctionAsync("window.__posecluster.thumbnails > 0");
        await BrowserFixture.ScreenshotAsync(page, "03-grid-streaming");

        // Camera detail: the pipeline in use, then draw a zone by clicking its corners on the image.
        await tile.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=fact-pipeline]:has-text('topdown')");
        await page.ClickAsync("[data-testid=draw-zone]");
        var canvas = page.Locator("[data-testid=detail-view] canvas");
        var box = (await canvas.BoundingBoxAsync())!;
        foreach (var (x, y) in new[] { (0.05, 0.5), (0.95, 0.5), (0.95, 0.97), (0.05, 0.97) })
        {
            await canvas.ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)(box.Width * x), Y = (float)(box.Height * y) } });
        }

        await page.FillAsync("[data-testid=zone-name]", "walkway");
        await page.ClickAsync("[data-testid=save-zone]");
        await page.WaitForSelectorAsync("[data-testid=zone-item]:has-text('walkway')");
        var zones = await Json.GetAsync(_gateway.Admin, "/api/zones");
        var zone = Assert.Single(zones.EnumerateArray());
        Assert.Equal(4, zone.GetProperty("polygon").GetArrayLength());
        Assert.InRange(zone.GetProperty("polygon")[0][1].GetDouble(), 0.45, 0.55);
        // The zone counts the people standing in it, from the live poses.
        await page.WaitForFunctionAsync("/^\\d+$/.test(document.querySelector('[data-testid=zone-item] .count').textContent)", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        await BrowserFixture.ScreenshotAsync(page, "04-camera-detail-zone");

        await page.ClickAsync("#nav a[data-page=sites]");
        await page.WaitForSelectorAsync("[data-testid=zone-chart] canvas", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await page.WaitForSelectorAsync("[data-testid=site-floor] canvas");
        await BrowserFixture.ScreenshotAsync(page, "05-site-zones");
        await page.ClickAsync("#nav a[data-page=nodes]");
        await page.WaitForSelectorAsync("[data-testid=node-card][data-node=edge-1] [data-testid=node-camera]");
        await BrowserFixture.ScreenshotAsync(page, "06-nodes");

        // Credentials registered through the API never reach the dashboard.
        var withSecret = await _gateway.Admin.PostAsJsonAsync("/api/cameras", new { name = "back-door", source_url = "rtsp://10.9.9.9/live", username = "op", password = Secret, enabled = false });
        Assert.Equal(HttpStatusCode.Created, withSecret.StatusCode);
        await page.ClickAsync("#nav a[data-page=manage]");
        await page.WaitForSelectorAsync("[data-testid=camera-row]:has-text('back-door')");
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "07-manage", fullPage: true);

        // A viewer: no mutation control anywhere, and the API refuses what the UI hides.
        Assert.Equal(HttpStatusCode.Created, (await _gateway.Admin.PostAsJsonAsync("/api/users", new { name = "guard", password = "guard-password-1", role = "viewer" })).StatusCode);
        var viewer = await _browser.NewPageAsync(_output);
        await BrowserFixture.LoginAsync(viewer, _gateway.BaseAddress, "guard", "guard-password-1");
        await viewer.Locator("[data-testid=camera-tile] [data-testid=state][data-state=streaming]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await viewer.WaitForFunctionAsync("window.__posecluster.thumbnails > 0 && window.__posecluster.persons_drawn > 0");
        Assert.False(await viewer.Locator("#nav-manage").IsVisibleAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=add-camera-link]").CountAsync());
        await BrowserFixture.ScreenshotAsync(viewer, "08-viewer-grid");
        await viewer.Locator("[data-testid=camera-tile]").Filter(new LocatorFilterOptions { HasText = "entrance" }).ClickAsync();
        await viewer.WaitForSelectorAsync("[data-testid=zone-item]:has-text('walkway')");
        Assert.Equal(0, await viewer.Locator("[data-testid=draw-zone]").CountAsync());
        Assert.Equal(0, await viewer.Locator("[data-testid=toggle-camera]").CountAsync());
        Assert.Equal(0, await viewer.Locator("button:has-text('Delete')").CountAsync());
        var status = await viewer.EvaluateAsync<int>(
            "async () => (await fetch('/api/cameras', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'sneaky', source_url: 'rtsp://h/s' }) })).status");
        Assert.Equal(403, status);
        await viewer.GotoAsync(_gateway.BaseAddress + "/#/manage");
        await viewer.WaitForSelectorAsync("text=Read-only");
        await BrowserFixture.ScreenshotAsync(viewer, "09-viewer-read-only");
        await viewer.Context.CloseAsync();
        await page.Context.CloseAsync();
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal) || l.Contains("guard-password-1", StringComparison.Ordinal) || l.Contains(GatewayUnderTest.AdminPassword, StringComparison.Ordinal));
    }
}
