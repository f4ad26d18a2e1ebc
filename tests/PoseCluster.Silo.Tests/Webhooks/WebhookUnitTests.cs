using System.Text;
using PoseCluster.Cluster.Sites;
using PoseCluster.Silo.Webhooks;

namespace PoseCluster.Silo.Tests.Webhooks;

/// <summary>Webhook options, backoff and payload without a store or a network.</summary>
public sealed class WebhookUnitTests
{
    [Fact]
    public void Default_options_are_valid_and_documented_values()
    {
        var options = new WebhookOptions();
        options.Validate();
        Assert.Equal(6, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxBackoff);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(10_000, options.QueueCapacity);
    }

    [Theory]
    [InlineData("MaxAttempts")]
    [InlineData("InitialBackoff")]
    [InlineData("RequestTimeout")]
    [InlineData("QueueCapacity")]
    [InlineData("MaxConcurrentDeliveries")]
    public void Invalid_options_stop_the_silo_start_with_a_clear_message(string option)
    {
        var silo = new SiloOptions();
        switch (option)
        {
            case "MaxAttempts": silo.Webhooks.MaxAttempts = 0; break;
            case "InitialBackoff": silo.Webhooks.InitialBackoff = TimeSpan.FromMinutes(5); break;
            case "RequestTimeout": silo.Webhooks.RequestTimeout = TimeSpan.Zero; break;
            case "QueueCapacity": silo.Webhooks.QueueCapacity = -1; break;
            case "MaxConcurrentDeliveries": silo.Webhooks.MaxConcurrentDeliveries = 0; break;
        }

        var error = Assert.Throws<ArgumentException>(silo.Validate);
        Assert.StartsWith($"Webhooks.{option} must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_honours_retry_after_up_to_the_cap()
    {
        var options = new WebhookOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(60) };
        Assert.Equal(TimeSpan.FromSeconds(1), WebhookQueue.Backoff(options, 1, null));
        Assert.Equal(TimeSpan.FromSeconds(2), WebhookQueue.Backoff(options, 2, null));
        Assert.Equal(TimeSpan.FromSeconds(32), WebhookQueue.Backoff(options, 6, null));
        Assert.Equal(TimeSpan.FromSeconds(60), WebhookQueue.Backoff(options, 7, null));
        Assert.Equal(TimeSpan.FromSeconds(60), WebhookQueue.Backoff(options, 99, null));
        Assert.Equal(TimeSpan.FromSeconds(5), WebhookQueue.Backoff(options, 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(60), WebhookQueue.Backoff(options, 1, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.Zero, WebhookQueue.Backoff(options, 3, TimeSpan.Zero));
    }

    [Fact]
    public void Payload_is_the_documented_json_and_the_signature_is_lower_hex_hmac()
    {
        var siteEvent = new SiteEventRecord(
            Guid.Parse("0197a3c4-0000-7000-8000-000000000001"),
            Guid.Parse("11111111-2222-3333-4444-555555555555"),
            new DateTimeOffset(2025, 6, 1, 12, 30, 15, 250, TimeSpan.FromHours(2)),
            "zone_entry",
            3,
            null,
            "dock \"A\"",
            "entered");
        var body = WebhookPayload.Serialize("main site", siteEvent);
        Assert.Equal(
            """{"id":"0197a3c4-0000-7000-8000-000000000001","site":"11111111-2222-3333-4444-555555555555","site_name":"main site","time":"2025-06-01T10:30:15.25+00:00","kind":"zone_entry","global_id":3,"camera":null,"zone":"dock \u0022A\u0022","details":"entered"}""",
            Encoding.UTF8.GetString(body));
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal(
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookPayload.Sign("Jefe", Encoding.ASCII.GetBytes("what do ya want for nothing?")));
    }
}
