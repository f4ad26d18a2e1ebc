using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PoseCluster.Grains.Dispatch;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Site;
using PoseCluster.Pose.Imaging.Jpeg;

namespace PoseCluster.Silo.DataPlane;

/// <summary>
/// This silo's client of its peers' data planes: frames as JPEG to their inference grains, results to their site
/// grains. One pooled HTTP/1.1 connection set per peer; each call has the dispatch timeout.
/// </summary>
internal sealed class DataPlaneClient : IRemoteInferenceClient, ISiteResultClient, IDisposable
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_encoder;

    private readonly HttpClient _http;
    private readonly RemoteDispatchOptions _options;
    private readonly JpegCodecOptions _jpeg;
    private readonly string _node;

    public DataPlaneClient(SiloOptions options)
    {
        _options = options.Dispatch;
        _node = options.NodeName;
        _jpeg = new JpegCodecOptions { Quality = options.Dispatch.JpegQuality };
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(1),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(4, options.Dispatch.MaxInFlightPerPeer),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (options.DataPlaneKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public async Task<InferenceResult> InferAsync(InferencePeer peer, string pipeline, InferenceRequest request, CancellationToken cancellationToken)
    {
        // Encoded before anything is awaited, into a buffer of its own: the caller may recycle the image as soon as
        // this call returns, and the HTTP stack may still hold the body when an early answer (503) ends the call.
        var encoder = t_encoder ??= new ArrayBufferWriter<byte>(64 * 1024);
        encoder.ResetWrittenCount();
        JpegCodec.Encode(request.Image, encoder, _jpeg);
        var jpeg = encoder.WrittenSpan.ToArray();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{peer.Address}/inference/{Uri.EscapeDataString(pipeline)}")
        {
            Content = new ByteArrayContent(jpeg),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        message.Headers.Add(DataPlaneWire.CameraHeader, request.CameraId.ToString("D"));
        message.Headers.Add(DataPlaneWire.EpochHeader, request.Epoch.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add(DataPlaneWire.FrameHeader, request.FrameIndex.ToString(CultureInfo.InvariantCulture));
        message.Headers.Add(DataPlaneWire.OriginHeader, _node);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteInferenceException($"{peer.Node} did not answer within {_options.RequestTimeout.TotalMilliseconds:0} ms.", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteInferenceException($"{peer.Node} is unreachable: {e.Message}", innerException: e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                throw new RemoteInferenceException($"{peer.Node} is busy.", peerBusy: true);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new RemoteInferenceException($"{peer.Node} answered {(int)response.StatusCode}.");
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
                return DataPlaneWire.ReadInferenceResponse(json.RootElement, request);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new RemoteInferenceException($"{peer.Node} answered an unreadable result: {e.Message}", innerException: e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RemoteInferenceException($"{peer.Node} did not finish its answer within {_options.RequestTimeout.TotalMilliseconds:0} ms.", innerException: e);
            }
        }
    }

    public async Task<SiteAcceptResult> SendAsync(string address, Guid siteId, IReadOnlyList<SiteCameraResult> results, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream))
        {
            DataPlaneWire.WriteSiteResults(writer, results);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var content = new ByteArrayContent(stream.GetBuffer(), 0, (int)stream.Length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync($"{address}/sites/{siteId:D}/results", content, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new SiteAcceptResult(0, 0, NotHere: true);
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false);
        return new SiteAcceptResult(json.RootElement.GetProperty("accepted").GetInt32(), json.RootElement.GetProperty("refused_stale").GetInt32());
    }

    public void Dispose() => _http.Dispose();
}
