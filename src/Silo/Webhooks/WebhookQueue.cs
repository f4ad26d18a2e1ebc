using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Sites;

namespace PoseCluster.Silo.Webhooks;

/// <summary>
/// One webhook's deliveries: a bounded drop-oldest queue and a loop that delivers its events one at a time, in order,
/// retrying each with exponential backoff; only the final outcome of an event is recorded in the store. Each webhook
/// has its own queue, so a slow or failing receiver holds up only its own events.
/// </summary>
internal sealed class WebhookQueue : IAsyncDisposable
{
    private readonly ISiteStore _store;
    private readonly WebhookSender _sender;
    private readonly WebhookOptions _options;
    private readonly WebhookMeter _meter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<WebhookEvent> _events;
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private volatile Target _target;
    private (Target For, string? Secret)? _secret;

    public WebhookQueue(
        WebhookRecord webhook, ISiteStore store, WebhookSender sender, WebhookOptions options, WebhookMeter meter, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        _store = store;
        _sender = sender;
        _options = options;
        _meter = meter;
        _time = time;
        _logger = logger;
        _target = new Target(webhook);
        _events = Channel.CreateBounded<WebhookEvent>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => meter.Dropped());
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var token = _stop.Token;
        _loop = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    /// <summary>The webhook's id.</summary>
    public Guid Id => _target.Webhook.Id;

    /// <summary>Events waiting (the one being delivered not included).</summary>
    public int Count => _events.Reader.Count;

    /// <summary>Takes the webhook's current settings; a changed webhook (new URL or secret) is used from the next attempt.</summary>
    public void Update(WebhookRecord webhook)
    {
        if (webhook.UpdatedAt != _target.Webhook.UpdatedAt || webhook.Url != _target.Webhook.Url || webhook.HasSecret != _target.Webhook.HasSecret)
        {
            _target = new Target(webhook);
        }
    }

    /// <summary>Queues an event (with its body); the oldest waiting one is dropped when the queue is full.</summary>
    public void Enqueue(WebhookEvent siteEvent) => _events.Writer.TryWrite(siteEvent);

    /// <summary>Stops delivering; waiting events are dropped (the webhook was deleted or the node is stopping).</summary>
    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await DeliverAsync(item, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Never expected (attempts classify their errors); logged so that a bug does not silently stop a webhook.
            _logger.LogError("Webhook {Webhook} stopped delivering: {Error}", _target.Webhook.Name, e.GetType().Name);
        }
    }

    private async Task DeliverAsync(WebhookEvent item, CancellationToken cancellationToken)
    {
        var body = item.Body ?? WebhookPayload.Serialize(item.SiteName, item.Event);
        for (var attempt = 1; ; attempt++)
        {
            var target = _target;
            WebhookAttemptResult result;
            if (await SecretAsync(target, cancellationToken).ConfigureAwait(false) is var (ok, secret) && ok)
            {
                result = await _sender.SendAsync(target.Uri, secret, item.Event, body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = new WebhookAttemptResult(WebhookAttemptOutcome.Transient, "secret unavailable");
            }

            if (result.Outcome == WebhookAttemptOutcome.Delivered)
            {
                _meter.Delivered();
                _logger.LogDebug("Webhook {Webhook} ({Url}) got event {EventId} ({Kind}) at attempt {Attempt}: {Status}", target.Webhook.Name, target.LogUrl, item.Event.Id, item.Event.Kind, attempt, result.Status);
                await RecordAsync(target, delivered: true, result.Status, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (result.Outcome == WebhookAttemptOutcome.Permanent || attempt >= _options.MaxAttempts)
            {
                _meter.Failed();
                _logger.LogWarning(
                    "Webhook {Webhook} ({Url}) gave up on event {EventId} ({Kind}) after {Attempts} attempt(s): {Status}",
                    target.Webhook.Name, target.LogUrl, item.Event.Id, item.Event.Kind, attempt, result.Status);
                await RecordAsync(target, delivered: false, result.Status, cancellationToken).ConfigureAwait(false);
                return;
            }

            _meter.Retried();
            var delay = Backoff(attempt, result.RetryAfter);
            _logger.LogDebug(
                "Webhook {Webhook} ({Url}) attempt {Attempt} for event {EventId} failed ({Status}); retrying in {Delay} ms",
                target.Webhook.Name, target.LogUrl, attempt, item.Event.Id, result.Status, ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): the receiver's Retry-After, else InitialBackoff × 2^(attempt-1); at most MaxBackoff.</summary>
    internal static TimeSpan Backoff(WebhookOptions options, int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < options.MaxBackoff ? asked : options.MaxBackoff;
        }

        var exponent = Math.Min(attempt - 1, 30);
        var ticks = options.InitialBackoff.Ticks * (double)(1L << exponent);
        return ticks >= options.MaxBackoff.Ticks ? options.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter) => Backoff(_options, attempt, retryAfter);

    /// <summary>The secret for <paramref name="target"/> (read once per webhook version); false when the store could not be read.</summary>
    private async Task<(bool Ok, string? Secret)> SecretAsync(Target target, CancellationToken cancellationToken)
    {
        if (!target.Webhook.HasSecret)
        {
            return (true, null);
        }

        if (_secret is { } cached && ReferenceEquals(cached.For, target))
        {
            return (true, cached.Secret);
        }

        try
        {
            var secret = await _store.GetWebhookSecretAsync(target.Webhook.Id, cancellationToken).ConfigureAwait(false);
            _secret = (target, secret);
            return (true, secret);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Webhook {Webhook}: reading its secret failed: {Error}", target.Webhook.Name, e.Message);
            return (false, null);
        }
    }

    private async Task RecordAsync(Target target, bool delivered, string status, CancellationToken cancellationToken)
    {
        try
        {
            await _store.RecordWebhookDeliveryAsync(target.Webhook.Id, delivered, gaveUp: !delivered, status, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The counters are informational: a store hiccup must not stop the deliveries.
            _logger.LogWarning("Webhook {Webhook}: recording a delivery outcome failed: {Error}", target.Webhook.Name, e.Message);
        }
    }

    /// <summary>One version of the webhook's settings, with its URL parsed and redacted for logs.</summary>
    private sealed class Target
    {
        public Target(WebhookRecord webhook)
        {
            Webhook = webhook;
            Uri = new Uri(webhook.Url, UriKind.Absolute);
            // Query strings and user information may hold tokens: logs show only scheme://host:port/path.
            LogUrl = $"{Uri.Scheme}://{Uri.Host}:{Uri.Port.ToString(CultureInfo.InvariantCulture)}{Uri.AbsolutePath}";
        }

        public WebhookRecord Webhook { get; }

        public Uri Uri { get; }

        public string LogUrl { get; }
    }
}
