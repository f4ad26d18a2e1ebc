using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PoseCluster.Cluster.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Webhooks;

/// <summary>
/// Webhook delivery end to end: the deliverer as the silo composes it, a real SQLite store, a real Kestrel receiver.
/// Waits are for outcomes (store counters, received requests), never for durations.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly ITestOutputHelper _output;

    public WebhookDeliveryTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Retries_503_until_200_then_records_the_delivery_with_a_verifiable_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.OnSequence("/hook", 503, 503, 200);
        await using var deliverer = await DelivererUnderTest.CreateAsync(output: _output);
        const string secret = "a-signing-secret-42";
        var site = await deliverer.Store.AddSiteAsync("lobby", CancellationToken.None);
        var webhook = await deliverer.AddWebhookAsync("ops", receiver.Url("/hook"), secret);
        await deliverer.StartAsync();

        var camera = Guid.NewGuid();
        var fall = DelivererUnderTest.Event(site.Id, "fall", "person 7 fell near the door", camera, "entrance", globalId: 7);
        deliverer.Sink.Offer("lobby", [fall]);

        await Eventually.WaitAsync(async () => (await deliverer.WebhookAsync(webhook.Id)).Delivered == 1, Timeout, "the delivery recorded");
        var record = await deliverer.WebhookAsync(webhook.Id);
        Assert.Equal("200", record.LastStatus);
        Assert.Equal(0, record.Failed);
        Assert.NotNull(record.LastAttemptAt);

        var attempts = receiver.For("/hook");
        Assert.Equal(3, attempts.Count);
        Assert.Equal(2, deliverer.Counter("posecluster.webhook.deliveries.retried"));
        Assert.Equal(1, deliverer.Counter("posecluster.webhook.deliveries.delivered"));
        Assert.Equal(0, deliverer.Counter("posecluster.webhook.deliveries.failed"));
        foreach (var attempt in attempts)
        {
            Assert.Equal("fall", attempt.Header("X-PoseCluster-Event"));
            Assert.Equal(fall.Id.ToString(), attempt.Header("X-PoseCluster-Delivery"));
            Assert.StartsWith("application/json", attempt.Header("Content-Type"), StringComparison.Ordinal);
            // Verified as a receiver would: HMAC-SHA256 of the raw body bytes under the secret, lower-case hex.
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), attempt.Body));
            Assert.Equal(expected, attempt.Header("X-PoseCluster-Signature"));
            Assert.Equal(attempts[0].Body, attempt.Body);
        }

        var json = attempts[0].Json;
        Assert.Equal(
            ["id", "site", "site_name", "time", "kind", "global_id", "camera", "zone", "details"],
            json.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(fall.Id, json.GetProperty("id").GetGuid());
        Assert.Equal(site.Id, json.GetProperty("site").GetGuid());
        Assert.Equal("lobby", json.GetProperty("site_name").GetString());
        Assert.Equal(fall.Time, json.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("fall", json.GetProperty("kind").GetString());
        Assert.Equal(7, json.GetProperty("global_id").GetInt32());
        Assert.Equal(camera, json.GetProperty("camera").GetGuid());
        Assert.Equal("entrance", json.GetProperty("zone").GetString());
        Assert.Equal("person 7 fell near the door", json.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_400_is_given_up_after_one_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.OnSequence("/bad", 400);
        await using var deliverer = await DelivererUnderTest.CreateAsync(output: _output);
        var site = await deliverer.Store.AddSiteAsync("dock", CancellationToken.None);
        var webhook = await deliverer.AddWebhookAsync("bad", receiver.Url("/bad"));
        await deliverer.StartAsync();

        var siteEvent = DelivererUnderTest.Event(site.Id, "loitering", zone: null);
        deliverer.Sink.Offer("dock", [siteEvent]);

        await Eventually.WaitAsync(async () => (await deliverer.WebhookAsync(webhook.Id)).Failed == 1, Timeout, "the failure recorded");
        var record = await deliverer.WebhookAsync(webhook.Id);
        Assert.Equal("400", record.LastStatus);
        Assert.Equal(0, record.Delivered);
        var attempt = Assert.Single(receiver.For("/bad"));
        Assert.Null(attempt.Header("X-PoseCluster-Signature"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, attempt.Json.GetProperty("camera").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, attempt.Json.GetProperty("zone").ValueKind);
        Assert.Equal(1, deliverer.Counter("posecluster.webhook.deliveries.failed"));
        Assert.Equal(0, deliverer.Counter("posecluster.webhook.deliveries.retried"));
    }

    [Fact]
    public async Task Events_go_only_to_webhooks_whose_kind_and_site_filters_want_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var deliverer = await DelivererUnderTest.CreateAsync(output: _output);
        var x = await deliverer.Store.AddSiteAsync("site-x", CancellationToken.None);
        var y = await deliverer.Store.AddSiteAsync("site-y", CancellationToken.None);
        await deliverer.AddWebhookAsync("falls", receiver.Url("/falls"), kinds: ["fall"]);
        await deliverer.AddWebhookAsync("x-zones", receiver.Url("/x-zones"), siteId: x.Id, kinds: ["zone_entry", "zone_exit"]);
        await deliverer.AddWebhookAsync("y-all", receiver.Url("/y-all"), siteId: y.Id);
        await deliverer.StartAsync();

        var e1 = DelivererUnderTest.Event(x.Id, "zone_entry");
        var e2 = DelivererUnderTest.Event(y.Id, "zone_entry");
        var e3 = DelivererUnderTest.Event(x.Id, "fall");
        var e4 = DelivererUnderTest.Event(y.Id, "fall");
        var e5 = DelivererUnderTest.Event(x.Id, "zone_exit");
        deliverer.Sink.Offer("site-x", [e1]);
        deliverer.Sink.Offer("site-y", [e2]);
        deliverer.Sink.Offer("site-x", [e3]);
        deliverer.Sink.Offer("site-y", [e4]);
        deliverer.Sink.Offer("site-x", [e5]);

        // Each webhook's last wanted event is the last one routed to it and deliveries are in order per webhook, so once
        // it arrived, anything wrongly routed earlier would already have arrived too.
        await Eventually.WaitAsync(
            () => receiver.For("/falls").Any(r => r.EventId == e4.Id) && receiver.For("/x-zones").Any(r => r.EventId == e5.Id) && receiver.For("/y-all").Any(r => r.EventId == e4.Id),
            Timeout,
            "every webhook's last event");
        Assert.Equal([e3.Id, e4.Id], receiver.For("/falls").Select(r => r.EventId));
        Assert.Equal([e1.Id, e5.Id], receiver.For("/x-zones").Select(r => r.EventId));
        Assert.Equal([e2.Id, e4.Id], receiver.For("/y-all").Select(r => r.EventId));
        Assert.DoesNotContain(receiver.For("/falls"), r => r.Header("X-PoseCluster-Event") != "fall");
    }

    [Fact]
    public async Task A_hanging_and_a_failing_webhook_do_not_hold_up_a_healthy_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.On("/hang", async _ =>
        {
            await release.Task;
            return Results.Ok();
        });
        receiver.OnSequence("/failing", 503);
        var options = DelivererUnderTest.FastOptions();
        options.MaxAttempts = 100;
        options.RequestTimeout = TimeSpan.FromMinutes(2);
        await using var deliverer = await DelivererUnderTest.CreateAsync(options, _output);
        var site = await deliverer.Store.AddSiteAsync("yard", CancellationToken.None);
        var hanging = await deliverer.AddWebhookAsync("hanging", receiver.Url("/hang"));
        var failing = await deliverer.AddWebhookAsync("failing", receiver.Url("/failing"));
        var healthy = await deliverer.AddWebhookAsync("healthy", receiver.Url("/ok"));
        await deliverer.StartAsync();

        try
        {
            var events = Enumerable.Range(0, 5).Select(i => DelivererUnderTest.Event(site.Id, "zone_entry", $"event {i}")).ToList();
            foreach (var siteEvent in events)
            {
                deliverer.Sink.Offer("yard", [siteEvent]);
            }

            await Eventually.WaitAsync(async () => (await deliverer.WebhookAsync(healthy.Id)).Delivered == 5, Timeout, "the healthy webhook's 5 deliveries");
            Assert.Equal(events.Select(e => e.Id), receiver.For("/ok").Select(r => r.EventId));
            // The other two are still on their first event: one request hanging, the other retrying.
            Assert.Equal(events[0].Id, Assert.Single(receiver.For("/hang")).EventId);
            Assert.All(receiver.For("/failing"), r => Assert.Equal(events[0].Id, r.EventId));
            Assert.Equal(0, (await deliverer.WebhookAsync(hanging.Id)).Delivered);
            Assert.Equal(0, (await deliverer.WebhookAsync(failing.Id)).Delivered + (await deliverer.WebhookAsync(failing.Id)).Failed);

            release.SetResult();
            await Eventually.WaitAsync(async () => (await deliverer.WebhookAsync(hanging.Id)).Delivered == 5, Timeout, "the hanging webhook catching up");
            Assert.Equal(events.Select(e => e.Id), receiver.For("/hang").Select(r => r.EventId));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Neither_the_secret_nor_the_url_query_appear_in_the_logs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.OnSequence("/hook", 503, 500, 404);
        const string secret = "SIGNING-SECRET-never-logged";
        const string token = "QUERYTOKEN1234567890";
        var options = DelivererUnderTest.FastOptions();
        options.MaxAttempts = 3;
        options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        await using var deliverer = await DelivererUnderTest.CreateAsync(options, _output);
        var site = await deliverer.Store.AddSiteAsync("gate", CancellationToken.None);
        var refused = ClosedPort();
        var answered = await deliverer.AddWebhookAsync("answered", receiver.Url($"/hook?token={token}&x=1"), secret);
        var unreachable = await deliverer.AddWebhookAsync("unreachable", $"http://127.0.0.1:{refused}/dead?token={token}", secret);
        await deliverer.StartAsync();

        deliverer.Sink.Offer("gate", [DelivererUnderTest.Event(site.Id, "restricted_entry")]);

        await Eventually.WaitAsync(
            async () => (await deliverer.WebhookAsync(answered.Id)).Failed == 1 && (await deliverer.WebhookAsync(unreachable.Id)).Failed == 1,
            Timeout,
            "both webhooks giving up");
        Assert.Equal("404", (await deliverer.WebhookAsync(answered.Id)).LastStatus);
        Assert.Equal("connection refused", (await deliverer.WebhookAsync(unreachable.Id)).LastStatus);
        Assert.Equal($"?token={token}&x=1", receiver.For("/hook")[0].Query);

        var lines = deliverer.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains(receiver.Url("/hook"), StringComparison.Ordinal) && l.Contains("404", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"http://127.0.0.1:{refused}/dead", StringComparison.Ordinal) && l.Contains("connection refused", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains(secret, StringComparison.Ordinal) || l.Contains("?token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_events_and_counts_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.On("/stall", async _ =>
        {
            await release.Task;
            return Results.Ok();
        });
        var options = DelivererUnderTest.FastOptions();
        options.QueueCapacity = 3;
        options.RequestTimeout = TimeSpan.FromMinutes(2);
        await using var deliverer = await DelivererUnderTest.CreateAsync(options, _output);
        var site = await deliverer.Store.AddSiteAsync("hall", CancellationToken.None);
        var webhook = await deliverer.AddWebhookAsync("stalled", receiver.Url("/stall"));
        await deliverer.StartAsync();

        try
        {
            var events = Enumerable.Range(0, 20).Select(i => DelivererUnderTest.Event(site.Id, "zone_exit", $"event {i}")).ToList();
            deliverer.Sink.Offer("hall", events);

            // Every event accounted for: one being delivered (the receiver holds it), the others queued or dropped.
            await Eventually.WaitAsync(
                () => receiver.For("/stall").Count == 1 && deliverer.Counter("posecluster.webhook.dropped") + deliverer.Deliverer.Queued + 1 == events.Count,
                Timeout,
                () => $"20 events accounted for (received {receiver.For("/stall").Count}, queued {deliverer.Deliverer.Queued}, dropped {deliverer.Counter("posecluster.webhook.dropped")})");
            var dropped = deliverer.Counter("posecluster.webhook.dropped");
            Assert.InRange(dropped, 16, 17);
            release.SetResult();

            await Eventually.WaitAsync(async () => (await deliverer.WebhookAsync(webhook.Id)).Delivered == events.Count - dropped, Timeout, "the kept events delivered");
            var received = receiver.For("/stall").Select(r => r.EventId).ToList();
            Assert.Equal(events.Count - dropped, received.Count);
            // The oldest were dropped: after the one in flight come the newest, in order.
            Assert.Equal(events.TakeLast(received.Count - 1).Select(e => e.Id), received.Skip(1));
            Assert.Contains(received[0], events.Select(e => e.Id));
            Assert.Equal(dropped, deliverer.Counter("posecluster.webhook.dropped"));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Webhook_changes_are_followed_from_the_change_feed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = DelivererUnderTest.FastOptions();
        // Far beyond the test: only notifications can make the deliverer re-read its list.
        options.RefreshInterval = TimeSpan.FromMinutes(30);
        await using var deliverer = await DelivererUnderTest.CreateAsync(options, _output);
        var site = await deliverer.Store.AddSiteAsync("porch", CancellationToken.None);
        await deliverer.StartAsync();
        Assert.Empty(deliverer.Deliverer.Webhooks);

        var webhook = await deliverer.AddWebhookAsync("late", receiver.Url("/late"));
        await Eventually.WaitAsync(() => deliverer.Deliverer.Webhooks.Any(w => w.Id == webhook.Id), Timeout, "the new webhook in the deliverer's list");
        var first = DelivererUnderTest.Event(site.Id, "fall");
        deliverer.Sink.Offer("porch", [first]);
        await Eventually.WaitAsync(() => receiver.For("/late").Count == 1, Timeout, "the first delivery");

        Assert.True(await deliverer.Store.DeleteWebhookAsync(webhook.Id, CancellationToken.None));
        await Eventually.WaitAsync(() => deliverer.Deliverer.Webhooks.Count == 0, Timeout, "the webhook gone from the deliverer's list");
        deliverer.Sink.Offer("porch", [DelivererUnderTest.Event(site.Id, "fall")]);
        // Routed (to no webhook) before the next one is added.
        await Eventually.WaitAsync(() => deliverer.Deliverer.Queued == 0, Timeout, "the unwanted event routed");
        var other = await deliverer.AddWebhookAsync("other", receiver.Url("/other"));
        await Eventually.WaitAsync(() => deliverer.Deliverer.Webhooks.Any(w => w.Id == other.Id), Timeout, "the other webhook in the list");
        var last = DelivererUnderTest.Event(site.Id, "fall");
        deliverer.Sink.Offer("porch", [last]);
        await Eventually.WaitAsync(() => receiver.For("/other").Count == 1, Timeout, "the other webhook's delivery");
        Assert.Equal(last.Id, receiver.For("/other")[0].EventId);
        Assert.Single(receiver.For("/late"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
