using System.Globalization;

namespace PoseCluster.Silo.Webhooks;

/// <summary>
/// How the node delivers site events to webhooks: retries with exponential backoff, per-request timeout, queue sizes
/// and concurrency. <see cref="Validate"/> runs at start (with <see cref="SiloOptions.Validate"/>).
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>Attempts per event and webhook, the first included, before it is given up. Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; each further retry doubles it up to <see cref="MaxBackoff"/>. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, also the cap on a receiver's <c>Retry-After</c>. Default 60 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time for one attempt, from sending the request to the response headers. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Events held in memory by the node's intake queue and by each webhook's queue; beyond it the oldest event is
    /// dropped (<c>posecluster_webhook_dropped_total</c>). Default 10000.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>HTTP requests in flight at once over all webhooks (waits between retries hold none). Default 16.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>Re-read interval of the webhook list without change notifications (the safety net for lost ones). Default 30 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentException($"Webhooks.{nameof(MaxAttempts)} must be between 1 and 100 (was {MaxAttempts}).");
        }

        if (MaxBackoff < TimeSpan.FromMilliseconds(1) || MaxBackoff > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Webhooks.{nameof(MaxBackoff)} must be between 1 ms and 1 h (was {Ms(MaxBackoff)} ms).");
        }

        if (InitialBackoff < TimeSpan.FromMilliseconds(1) || InitialBackoff > MaxBackoff)
        {
            throw new ArgumentException($"Webhooks.{nameof(InitialBackoff)} must be between 1 ms and {nameof(MaxBackoff)} (was {Ms(InitialBackoff)} ms).");
        }

        if (RequestTimeout < TimeSpan.FromMilliseconds(10) || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"Webhooks.{nameof(RequestTimeout)} must be between 10 ms and 5 min (was {Ms(RequestTimeout)} ms).");
        }

        if (QueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"Webhooks.{nameof(QueueCapacity)} must be between 1 and 1000000 events (was {QueueCapacity}).");
        }

        if (MaxConcurrentDeliveries is < 1 or > 1024)
        {
            throw new ArgumentException($"Webhooks.{nameof(MaxConcurrentDeliveries)} must be between 1 and 1024 (was {MaxConcurrentDeliveries}).");
        }

        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Webhooks.{nameof(RefreshInterval)} must be between 100 ms and 1 h (was {Ms(RefreshInterval)} ms).");
        }
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
}
