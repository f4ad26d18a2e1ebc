using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using PoseCluster.Cluster.Local;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Browser;

/// <summary>
/// Three in-process silos (simulated inference) on a private PostgreSQL, the gateway and the dashboard: kill a silo and
/// watch, in the nodes view, its node turn dead and its cameras come back on the other nodes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FailoverTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private readonly ITestOutputHelper _output;
    private readonly LogSink _logs;
    private readonly PostgresServer _postgres = new();
    private readonly List<InProcessSilo> _silos = [];
    private GatewayUnderTest _gateway = null!;

    public FailoverTests(BrowserFixture browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        _logs = new LogSink(output);
    }

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var store = await _postgres.CreateDatabaseAsync();
        var key = SiloTestAssets.KeyFile();
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.TestOptions(store, key), _logs);
        foreach (var (name, gpu) in new[] { ("gpu-1", true), ("nuc-1", false), ("nuc-2", false) })
        {
            var options = InProcessSilo.TestOptions(name, store, key, simulatedCostMs: 5);
            options.NodeClass = gpu ? PoseCluster.Cluster.Membership.NodeClass.Gpu : PoseCluster.Cluster.Membership.NodeClass.Nuc;
            _silos.Add(await InProcessSilo.StartAsync(options, _logs, app => _postgres.TerminateConnectionsAsync(app)));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _gateway.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task A_killed_silo_shows_dead_in_the_nodes_view_and_its_cameras_come_back_on_other_nodes()
    {
        var cameras = JsonSerializer.Serialize(Enumerable.Range(1, 6).Select(i => new { name = $"hall-{i}", source_url = "replay://" + SiloTestAssets.Video, target_fps = 5, site = "Hall" }));
        Assert.Equal(HttpStatusCode.Created, (await _gateway.Admin.PostAsync("/api/cameras/import", Json.Body(cameras))).StatusCode);

        var page = await _browser.NewPageAsync(_output);
        await BrowserFixture.LoginAsync(page, _gateway.BaseAddress, "admin", GatewayUnderTest.AdminPassword);
        await page.Locator("[data-testid=camera-tile] [data-testid=state][data-state=streaming]").Nth(5).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.ClickAsync("#nav a[data-page=nodes]");
        // Every node active and holding cameras (placement spreads them).
        await page.WaitForFunctionAsync(
            "() => { const cards = [...document.querySelectorAll('[data-testid=node-card]')]; return cards.length === 3 && cards.every(c => c.dataset.status === 'active') && cards.reduce((n, c) => n + c.querySelectorAll('[data-testid=node-camera]').length, 0) === 6; }",
            null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        var victim = _silos.First(s => s.Name != "gpu-1");
        var victimCards = page.Locator($"[data-testid=node-card][data-node={victim.Name}]");
        await victimCards.Locator("[data-testid=node-camera]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        var moved = await victimCards.Locator("[data-testid=node-camera]").AllInnerTextsAsync();
        _output.WriteLine($"{victim.Name} runs {string.Join(", ", moved)}");
        await BrowserFixture.ScreenshotAsync(page, "10-nodes-before-kill");

        var watch = Stopwatch.StartNew();
        await victim.KillAsync();
        await page.WaitForSelectorAsync($"[data-testid=node-card][data-node={victim.Name}][data-status=dead]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var dead = watch.Elapsed;
        await page.WaitForFunctionAsync(
            $"() => {{ const cards = [...document.querySelectorAll('[data-testid=node-card]')].filter(c => c.dataset.status === 'active'); return cards.length === 2 && cards.reduce((n, c) => n + c.querySelectorAll('[data-testid=node-camera]').length, 0) === 6; }}",
            null,
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        var placed = watch.Elapsed;
        await BrowserFixture.ScreenshotAsync(page, "11-nodes-after-kill");
        Assert.Equal(0, await victimCards.Locator("[data-testid=node-camera]").CountAsync());
        foreach (var name in moved)
        {
            Assert.Equal(1, await page.Locator($"[data-testid=node-card][data-status=active] [data-testid=node-camera]:text-is('{name}')").CountAsync());
        }

        // The grid shows every camera streaming again, none on the dead node.
        await page.ClickAsync("#nav a[data-page=cameras]");
        await page.WaitForFunctionAsync(
            $"() => {{ const tiles = [...document.querySelectorAll('[data-testid=camera-tile]')]; return tiles.length === 6 && tiles.every(t => t.querySelector('[data-testid=state]').dataset.state === 'streaming' && !t.textContent.includes('{victim.Name}')); }}",
            null,
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        var streaming = watch.Elapsed;
        await BrowserFixture.ScreenshotAsync(page, "12-grid-after-failover");
        _output.WriteLine($"kill -> dead in the nodes view {dead.TotalSeconds:0.0} s, cameras placed on survivors {placed.TotalSeconds:0.0} s, all streaming again in the grid {streaming.TotalSeconds:0.0} s");
        Assert.True(streaming < TimeSpan.FromSeconds(15), $"failover seen in the dashboard after {streaming.TotalSeconds:0.0} s");
        await page.Context.CloseAsync();
    }
}
