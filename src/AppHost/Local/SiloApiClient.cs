using System.Net.Http.Json;
using System.Text.Json;
using PoseCluster.Grains.Camera;

namespace PoseCluster.AppHost.Local;

/// <summary>Reads a silo's data-plane API (<c>GET /cameras</c>) for the launcher's summary and the benchmark.</summary>
internal static class SiloApiClient
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The cameras running on the silo at <paramref name="address"/>; empty when it does not answer.</summary>
    public static async Task<IReadOnlyList<CameraStatus>> GetCamerasAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            return await Http.GetFromJsonAsync<List<CameraStatus>>(address.TrimEnd('/') + "/cameras", Json, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return [];
        }
    }
}
