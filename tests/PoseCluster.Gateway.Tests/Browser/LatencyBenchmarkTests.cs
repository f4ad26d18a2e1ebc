using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Browser;

/// <summary>
/// Frame capture to browser receipt with 24 cameras at 5 fps on one node (simulated inference, so the numbers are the
/// cluster's and the gateway's, not the model's): measured in the dashboard's grid page from the captured_at each pose
/// message carries. p95 must stay at or below 150 ms. Results go to the test output and to gateway-latency.json.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LatencyBenchmarkTests : IAsyncLifetime
{
    private const int Cameras = 24;
    private const double Fps = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private readonly BrowserFixture _browser;
    private readonly ITestOutputHelper _output;
    private GatewayUnderTest _gateway = null!;
    private InProcessSilo _silo = null!;

    public LatencyBenchmarkTests(BrowserFixture browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        var dir = SiloTestAssets.TempDirectory();
        var store = "sqlite:" + Path.Combine(dir, "cluster.db");
        var key = SiloTestAssets.KeyFile();
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.TestOptions(store, key));
        var options = InProcessSilo.TestOptions("bench-node", store, key, simulatedCostMs: 5);
        options.Capacity = 1000;
        // A latency-minded node: small batches (the simulated model costs 5 ms per frame, so a batch of 4 takes 20 ms).
        options.Inference.MaxBatch = 4;
        options.Inference.MaxWait = TimeSpan.FromMilliseconds(5);
        _silo = await InProcessSilo.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Capture_to_browser_p95_is_at_most_150_ms_with_24_cameras_at_5_fps_on_one_node()
    {
        var cameras = JsonSerializer.Serialize(Enumerable.Range(1, Cameras).Select(i => new { name = $"cam-{i:00}", source_url = "replay://" + SiloTestAssets.Video, target_fps = Fps }));
        Assert.Equal(HttpStatusCode.Created, (await _gateway.Admin.PostAsync("/api/cameras/import", Json.Body(cameras))).StatusCode);
        var page = await _browser.NewPageAsync(_output, 1600, 1000);
        await BrowserFixture.LoginAsync(page, _gateway.BaseAddress, "admin", GatewayUnderTest.AdminPassword);
        await page.WaitForFunctionAsync(
            $"() => document.querySelectorAll('[data-testid=camera-tile] [data-testid=state][data-state=streaming]').length === {Cameras}",
            null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });

        // Warm-up done: measure a clean window.
        await page.EvaluateAsync("() => { const p = window.__posecluster; p.latency_ms.length = 0; p.gateway_ms.length = 0; p.silo_ms.length = 0; p.poses = 0; }");
        await page.WaitForTimeoutAsync((float)Window.TotalMilliseconds);
        var sample = await page.EvaluateAsync<JsonElement>("() => { const p = window.__posecluster; return { latency: p.latency_ms, gateway: p.gateway_ms, silo: p.silo_ms, poses: p.poses, drawn: p.persons_drawn }; }");
        var stats = await Json.GetAsync(_gateway.Admin, "/api/cameras");
        await BrowserFixture.ScreenshotAsync(page, "13-latency-24-cameras");

        var browser = Percentiles(sample.GetProperty("latency"));
        var gateway = Percentiles(sample.GetProperty("gateway"));
        var silo = Percentiles(sample.GetProperty("silo"));
        var poses = sample.GetProperty("poses").GetInt32();
        var rate = poses / Window.TotalSeconds;
        var drops = stats.EnumerateArray().Sum(c => c.GetProperty("drops").GetInt64());
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"{Cameras} cameras x {Fps} fps, one node, simulated inference 5 ms/frame in batches of <= 4, {Window.TotalSeconds:0} s window: {poses} poses received ({rate:0.0}/s of {Cameras * Fps:0} expected)\n"
            + $"capture -> browser receipt: p50 {browser.P50:0.0} ms, p95 {browser.P95:0.0} ms, p99 {browser.P99:0.0} ms, max {browser.Max:0.0} ms\n"
            + $"capture -> gateway receipt: p50 {gateway.P50:0.0} ms, p95 {gateway.P95:0.0} ms\n"
            + $"capture -> silo publication: p50 {silo.P50:0.0} ms, p95 {silo.P95:0.0} ms\n"
            + $"silo drops (cumulative, all cameras): {drops}");
        _output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, "gateway-latency.json"), JsonSerializer.Serialize(new
        {
            cameras = Cameras,
            fps = Fps,
            window_s = Window.TotalSeconds,
            poses,
            poses_per_second = rate,
            browser_ms = browser,
            gateway_ms = gateway,
            silo_ms = silo,
            silo_drops = drops,
        }));
        Assert.True(rate > Cameras * Fps * 0.9, $"the browser received {rate:0.0} poses/s of {Cameras * Fps}");
        Assert.True(browser.P95 <= 150, $"capture -> browser p95 {browser.P95:0.0} ms");
    }

    private static Summary Percentiles(JsonElement values)
    {
        var sorted = values.EnumerateArray().Select(v => v.GetDouble()).Order().ToArray();
        Assert.NotEmpty(sorted);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Summary(sorted.Length, At(0.5), At(0.95), At(0.99), sorted[^1]);
    }

    private sealed record Summary(int Count, double P50, double P95, double P99, double Max);
}
