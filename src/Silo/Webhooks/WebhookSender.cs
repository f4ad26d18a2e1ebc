using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using PoseCluster.Cluster.Sites;

namespace PoseCluster.Silo.Webhooks;

/// <summary>
/// Makes single delivery attempts: one signed POST with the request timeout, classified into delivered, transient or
/// permanent. A shared semaphore caps the requests in flight over all webhooks.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client (configured without redirects or request logging).</summary>
    public const string ClientName = "PoseCluster.Webhooks";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly ProductInfoHeaderValue UserAgent = new("PoseCluster-Webhook", "1");
    private readonly IHttpClientFactory _clients;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;

    public WebhookSender(IHttpClientFactory clients, WebhookOptions options, TimeProvider time)
    {
        _clients = clients;
        _options = options;
        _time = time;
        _slots = new SemaphoreSlim(options.MaxConcurrentDeliveries, options.MaxConcurrentDeliveries);
    }

    /// <summary>POSTs <paramref name="body"/> (the payload of <paramref name="siteEvent"/>) to <paramref name="url"/>, signed when <paramref name="secret"/> is set.</summary>
    public async Task<WebhookAttemptResult> SendAsync(Uri url, string? secret, SiteEventRecord siteEvent, byte[] body, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.UserAgent.Add(UserAgent);
            request.Headers.TryAddWithoutValidation("X-PoseCluster-Event", siteEvent.Kind);
            request.Headers.TryAddWithoutValidation("X-PoseCluster-Delivery", siteEvent.Id.ToString());
            if (secret is not null)
            {
                request.Headers.TryAddWithoutValidation("X-PoseCluster-Signature", WebhookPayload.Sign(secret, body));
            }

            try
            {
                // A factory client per call: the factory pools and rotates the handlers (and their DNS), clients are cheap.
                var http = _clients.CreateClient(ClientName);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                return Classify(response);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new WebhookAttemptResult(WebhookAttemptOutcome.Transient, "timeout");
            }
            catch (HttpRequestException e)
            {
                return new WebhookAttemptResult(WebhookAttemptOutcome.Transient, Describe(e));
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private WebhookAttemptResult Classify(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var status = code.ToString(CultureInfo.InvariantCulture);
        if (code is >= 200 and < 300)
        {
            return new WebhookAttemptResult(WebhookAttemptOutcome.Delivered, status);
        }

        if (response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || code >= 500)
        {
            return new WebhookAttemptResult(WebhookAttemptOutcome.Transient, status, RetryAfter(response.Headers.RetryAfter));
        }

        return new WebhookAttemptResult(WebhookAttemptOutcome.Permanent, status);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - _time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    // A short fixed description for the store and logs: exception messages can name hosts and vary by platform.
    private static string Describe(HttpRequestException e)
    {
        if (e.InnerException is TimeoutException)
        {
            return "timeout";
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => (e.InnerException as SocketException)?.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => "host unreachable",
                SocketError.TimedOut => "timeout",
                _ => "connection error",
            },
            HttpRequestError.NameResolutionError => "name not resolved",
            HttpRequestError.SecureConnectionError => "tls error",
            HttpRequestError.ResponseEnded => "connection closed",
            HttpRequestError.InvalidResponse or HttpRequestError.ConfigurationLimitExceeded => "invalid response",
            _ => "request error",
        };
    }
}
