using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PoseCluster.Gateway.Nodes;

/// <summary>
/// Calls a silo's data plane for what the streams do not carry: the latest thumbnail of a camera, node details (inference
/// grains, queues) and a camera's status (pipeline in use). Uses the data-plane key when one is set; never logs it.
/// </summary>
public sealed class SiloDataPlaneClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates the client.</summary>
    public SiloDataPlaneClient(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = options.Live.SiloRequestTimeout })
        {
            Timeout = options.Live.SiloRequestTimeout,
        };
        if (options.DataPlaneKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    /// <summary>The latest JPEG of a camera on the silo at <paramref name="address"/>, or null when the silo has none.</summary>
    public async Task<byte[]?> GetThumbnailAsync(string address, Guid cameraId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Url(address, $"/cameras/{cameraId:D}/thumbnail.jpg"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A silo's <c>/node</c> document, or null when it does not answer in time.</summary>
    public async Task<JsonDocument?> GetNodeAsync(string address, CancellationToken cancellationToken) =>
        await GetJsonAsync(address, "/node", cancellationToken).ConfigureAwait(false);

    /// <summary>A camera's status on a silo (<c>/cameras/{id}</c>), or null.</summary>
    public async Task<JsonDocument?> GetCameraAsync(string address, Guid cameraId, CancellationToken cancellationToken) =>
        await GetJsonAsync(address, $"/cameras/{cameraId:D}", cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument?> GetJsonAsync(string address, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(Url(address, path), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private static Uri Url(string address, string path) => new(address.TrimEnd('/') + path, UriKind.Absolute);
}
