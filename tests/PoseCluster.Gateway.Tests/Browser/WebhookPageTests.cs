using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Gateway.Storage;
using PoseCluster.Gateway.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Browser;

/// <summary>
/// The webhooks page in headless Chromium against a gateway without silo (nothing is delivered): an admin adds a
/// signed webhook, sees it listed as signed but never its secret, sees the API's validation problems next to the
/// fields, edits and deletes it; a viewer gets no nav entry. Screenshots go to the test results folder.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhookPageTests : IAsyncLifetime
{
    private const string Secret = "Hook-Secret-5d1e8b72";
    private readonly BrowserFixture _browser;
    private readonly ITestOutputHelper _output;
    private readonly LogSink _logs;
    private GatewayUnderTest _gateway = null!;

    public WebhookPageTests(BrowserFixture browser, ITestOutputHelper output)
    {
        _browser = browser;
        _output = output;
        _logs = new LogSink(output);
    }

    public async Task InitializeAsync()
    {
        var dir = SiloTestAssets.TempDirectory();
        _gateway = await GatewayUnderTest.StartAsync(GatewayUnderTest.TestOptions("sqlite:" + Path.Combine(dir, "cluster.db"), SiloTestAssets.KeyFile()), _logs);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task An_admin_adds_a_signed_webhook_sees_it_listed_without_its_secret_edits_and_deletes_it()
    {
        var admin = _gateway.Admin;
        var site = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/sites", new { name = "Warehouse" }));
        var siteId = site.GetProperty("id").GetGuid();

        var page = await _browser.NewPageAsync(_output);
        // Deleting asks for confirmation.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await BrowserFixture.LoginAsync(page, _gateway.BaseAddress, "admin", GatewayUnderTest.AdminPassword);
        await page.ClickAsync("#nav a[data-page=webhooks]");
        await page.WaitForSelectorAsync("[data-testid=webhook-form]");
        await page.WaitForSelectorAsync("[data-testid=webhook-table]:has-text('No webhook yet')");

        // The API's problems show under the fields they name.
        await page.FillAsync("[data-testid=webhook-name]", "pager");
        await page.FillAsync("[data-testid=webhook-url]", "ftp://hooks.example.com/pose");
        await page.FillAsync("[data-testid=webhook-secret]", "short");
        await page.ClickAsync("[data-testid=webhook-submit]");
        await page.WaitForSelectorAsync("[data-testid=webhook-error-url]:has-text('http or https')");
        Assert.Contains("8-200 characters", await page.TextContentAsync("[data-testid=webhook-error-secret]"), StringComparison.Ordinal);
        Assert.Equal("", await page.TextContentAsync("[data-testid=webhook-error-name]"));
        Assert.Empty((await Json.GetAsync(admin, "/api/webhooks")).EnumerateArray());

        // A valid one: a site, two kinds, a secret.
        await page.FillAsync("[data-testid=webhook-url]", "https://hooks.example.com/pose");
        await page.SelectOptionAsync("[data-testid=webhook-site]", new SelectOptionValue { Label = "Warehouse" });
        await page.CheckAsync("[data-testid=webhook-kind][data-kind=fall]");
        await page.CheckAsync("[data-testid=webhook-kind][data-kind=restricted_entry]");
        await page.FillAsync("[data-testid=webhook-secret]", Secret);
        await page.ClickAsync("[data-testid=webhook-submit]");
        var row = page.Locator("[data-testid=webhook-row]").Filter(new LocatorFilterOptions { HasText = "pager" });
        await row.WaitForAsync();
        Assert.Equal("", await page.TextContentAsync("[data-testid=webhook-error-url]"));
        Assert.Equal("", await page.InputValueAsync("[data-testid=webhook-secret]"));
        Assert.Equal("true", await row.Locator("[data-testid=webhook-signed]").GetAttributeAsync("data-signed"));
        Assert.Contains("signed", await row.Locator("[data-testid=webhook-signed]").TextContentAsync(), StringComparison.Ordinal);
        var text = await row.TextContentAsync();
        Assert.Contains("https://hooks.example.com/pose", text, StringComparison.Ordinal);
        Assert.Contains("Warehouse", text, StringComparison.Ordinal);
        Assert.Contains("restricted_entry", text, StringComparison.Ordinal);
        Assert.Equal("0", await row.Locator("[data-testid=webhook-delivered]").TextContentAsync());
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);

        var stored = Assert.Single((await Json.GetAsync(admin, "/api/webhooks")).EnumerateArray());
        var id = stored.GetProperty("id").GetGuid();
        Assert.Equal(siteId, stored.GetProperty("site_id").GetGuid());
        Assert.Equal(["fall", "restricted_entry"], stored.GetProperty("event_kinds").EnumerateArray().Select(k => k.GetString()));
        var store = _gateway.Service<GatewayStore>().Store;
        Assert.Equal(Secret, await store.GetWebhookSecretAsync(id, CancellationToken.None));

        // Delivery outcomes (recorded by the silos) show in the row.
        await store.RecordWebhookDeliveryAsync(id, delivered: true, gaveUp: false, "200", DateTimeOffset.UtcNow, CancellationToken.None);
        await store.RecordWebhookDeliveryAsync(id, delivered: false, gaveUp: true, "503", DateTimeOffset.UtcNow, CancellationToken.None);
        await page.ReloadAsync();
        await row.Locator("[data-testid=webhook-failed]:has-text('1')").WaitForAsync();
        Assert.Equal("1", await row.Locator("[data-testid=webhook-delivered]").TextContentAsync());
        Assert.Contains("503", await row.TextContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "webhooks-01-listed", fullPage: true);

        // Edit: the form is filled (never with the secret); a new name without a secret keeps the stored one.
        await row.Locator("[data-testid=webhook-edit]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=webhook-submit]:has-text('Save changes')");
        Assert.Equal("pager", await page.InputValueAsync("[data-testid=webhook-name]"));
        Assert.True(await page.IsCheckedAsync("[data-testid=webhook-kind][data-kind=fall]"));
        Assert.False(await page.IsCheckedAsync("[data-testid=webhook-kind][data-kind=zone_exit]"));
        Assert.Equal("", await page.InputValueAsync("[data-testid=webhook-secret]"));
        Assert.Contains("leave empty to keep", await page.GetAttributeAsync("[data-testid=webhook-secret]", "placeholder"), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.FillAsync("[data-testid=webhook-name]", "night pager");
        await page.ClickAsync("[data-testid=webhook-submit]");
        var renamed = page.Locator("[data-testid=webhook-row]").Filter(new LocatorFilterOptions { HasText = "night pager" });
        await renamed.WaitForAsync();
        await page.WaitForSelectorAsync("[data-testid=webhook-submit]:has-text('Add webhook')");
        Assert.Equal("true", await renamed.Locator("[data-testid=webhook-signed]").GetAttributeAsync("data-signed"));
        Assert.Equal("night pager", (await Json.GetAsync(admin, $"/api/webhooks/{id}")).GetProperty("name").GetString());
        Assert.Equal(Secret, await store.GetWebhookSecretAsync(id, CancellationToken.None));
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "webhooks-02-edited", fullPage: true);

        // Delete.
        await renamed.Locator("[data-testid=webhook-delete]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=webhook-table]:has-text('No webhook yet')");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/webhooks/{id}")).StatusCode);
        await page.Context.CloseAsync();

        // A viewer gets no nav entry, and the page says it is for admins.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { name = "guard", password = "guard-password-1", role = "viewer" })).StatusCode);
        var viewer = await _browser.NewPageAsync(_output);
        await BrowserFixture.LoginAsync(viewer, _gateway.BaseAddress, "guard", "guard-password-1");
        Assert.False(await viewer.Locator("#nav-webhooks").IsVisibleAsync());
        await viewer.GotoAsync(_gateway.BaseAddress + "/#/webhooks");
        await viewer.WaitForSelectorAsync("text=admins only");
        Assert.Equal(0, await viewer.Locator("[data-testid=webhook-form]").CountAsync());
        await viewer.Context.CloseAsync();
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
    }
}
