using Microsoft.Playwright;
using PoseCluster.Pose;

namespace PoseCluster.Gateway.Tests.Infrastructure;

/// <summary>
/// Headless Debian Chromium driven by Playwright (the Playwright browser download is impossible here): one browser
/// process per run; each test opens fresh contexts (no shared cookies).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots and benchmark results go: <c>POSECLUSTER_TEST_ARTIFACTS</c>, else <c>.posecluster/test-results/gateway</c>.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("POSECLUSTER_TEST_ARTIFACTS");
            var dir = string.IsNullOrWhiteSpace(env) ? Path.Combine(PoseClusterHome.RequireRoot(), ".posecluster", "test-results", "gateway") : env;
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async Task InitializeAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }

    /// <summary>A new page in a fresh context; browser console errors go to <paramref name="output"/>.</summary>
    public async Task<IPage> NewPageAsync(ITestOutputHelper output, int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log(output, $"browser {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Log(output, "browser page error: " + error);
        return page;
    }

    /// <summary>Signs in through the login page.</summary>
    public static async Task LoginAsync(IPage page, string baseAddress, string user, string password)
    {
        await page.GotoAsync(baseAddress + "/");
        await page.WaitForURLAsync("**/login**");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#submit");
        await page.WaitForSelectorAsync("[data-testid=who]:has-text('" + user + "')");
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    private static void Log(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }
}

/// <summary>Browser tests run alone after the others (CPU-heavy: real models, a browser, latency measurements).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
