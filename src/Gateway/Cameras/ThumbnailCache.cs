using System.Collections.Concurrent;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Nodes;

namespace PoseCluster.Gateway.Cameras;

/// <summary>
/// Thumbnails through the gateway: fetched from the silo running the camera, then served to every browser for
/// <see cref="LiveFeedOptions.ThumbnailCacheDuration"/>, so many viewers cost the silo one request per period.
/// </summary>
public sealed class ThumbnailCache
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly SiloDataPlaneClient _client;
    private readonly ClusterStateCache _state;
    private readonly CameraLiveBoard _board;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache.</summary>
    public ThumbnailCache(SiloDataPlaneClient client, ClusterStateCache state, CameraLiveBoard board, GatewayOptions options, TimeProvider time)
    {
        _client = client;
        _state = state;
        _board = board;
        _duration = options.Live.ThumbnailCacheDuration;
        _time = time;
    }

    /// <summary>The latest JPEG of a camera, or null when no silo has a frame of it.</summary>
    public async Task<byte[]?> GetAsync(Guid cameraId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(cameraId, out var cached) && now - cached.At < _duration)
        {
            return cached.Jpeg;
        }

        var state = _state.Current;
        var siloId = _board.Get(cameraId) is { } live && live.Epoch >= (state.CameraAssignment(cameraId)?.Epoch ?? 0)
            ? live.SiloId
            : state.CameraAssignment(cameraId)?.SiloId;
        if (siloId is not { } id || state.Silo(id) is not { IsMember: true } silo)
        {
            return null;
        }

        byte[]? jpeg;
        try
        {
            jpeg = await _client.GetThumbnailAsync(silo.Address, cameraId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            jpeg = cached?.Jpeg;
        }

        if (jpeg is not null)
        {
            _entries[cameraId] = new Entry(jpeg, now);
        }

        return jpeg;
    }

    private sealed record Entry(byte[] Jpeg, DateTimeOffset At);
}
