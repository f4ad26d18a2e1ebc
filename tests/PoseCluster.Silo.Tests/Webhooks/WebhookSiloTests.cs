using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Grains.Site;
using PoseCluster.Silo.Tests.Infrastructure;
using PoseCluster.Silo.Webhooks;

namespace PoseCluster.Silo.Tests.Webhooks;

/// <summary>The deliverer inside a whole in-process silo: composed once, as the event sink and as a hosted service, over the node's store.</summary>
public sealed class WebhookSiloTests
{
    private readonly ITestOutputHelper _output;

    public WebhookSiloTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task The_silo_resolves_its_event_sink_to_the_running_deliverer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        Guid siteId;
        Guid webhookId;
        await using (var admin = await InProcessSilo.OpenStoreAsync(store))
        {
            siteId = (await admin.AddSiteAsync("atrium", CancellationToken.None)).Id;
            webhookId = (await admin.AddWebhookAsync(new WebhookDefinition { Name = "ops", Url = receiver.Url("/silo?key=abc"), Secret = "silo-secret-1" }, CancellationToken.None)).Id;
        }

        var options = InProcessSilo.TestOptions("hooked", store, SiloTestAssets.KeyFile());
        options.Webhooks.InitialBackoff = TimeSpan.FromMilliseconds(50);
        options.Webhooks.MaxBackoff = TimeSpan.FromMilliseconds(200);
        await using var silo = await InProcessSilo.StartAsync(options, new LogSink(_output));

        var sink = silo.Services.GetRequiredService<ISiteEventSink>();
        var deliverer = Assert.IsType<WebhookDeliverer>(sink);
        Assert.Same(deliverer, silo.Services.GetServices<IHostedService>().OfType<WebhookDeliverer>().Single());

        var siteEvent = new SiteEventRecord(Guid.CreateVersion7(), siteId, DateTimeOffset.UtcNow, "fall", 4, null, null, "fell");
        sink.Offer("atrium", [siteEvent]);
        await Eventually.WaitAsync(() => receiver.For("/silo").Count == 1, TimeSpan.FromSeconds(15), "the event delivered by the silo");
        Assert.Equal(siteEvent.Id, receiver.For("/silo")[0].EventId);
        Assert.NotNull(receiver.For("/silo")[0].Header("X-PoseCluster-Signature"));
        await Eventually.WaitAsync(
            async () => (await silo.Node.Store.GetWebhookAsync(webhookId, CancellationToken.None))?.Delivered == 1,
            TimeSpan.FromSeconds(15),
            "the delivery recorded in the store");
        var metrics = await silo.MetricsAsync();
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("posecluster_webhook_deliveries_total", StringComparison.Ordinal) && l.Contains("outcome=\"delivered\"", StringComparison.Ordinal));
    }
}
