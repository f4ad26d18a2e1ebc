using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// Where every message of every silo's pose stream goes: parsed once, checked against the camera's highest epoch
/// (stale ones are dropped and counted), recorded on the board and in zone occupancy, and offered to every browser.
/// Site snapshots are fenced the same way per site, kept on the <see cref="SiteLiveBoard"/> and offered to the browsers
/// subscribed to the site.
/// </summary>
public sealed class PoseFeedRouter
{
    private readonly EpochGate _epochs;
    private readonly CameraLiveBoard _board;
    private readonly SiteLiveBoard _sites;
    private readonly ZoneOccupancyTracker _zones;
    private readonly LiveClientRegistry _clients;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the router.</summary>
    public PoseFeedRouter(EpochGate epochs, CameraLiveBoard board, SiteLiveBoard sites, ZoneOccupancyTracker zones, LiveClientRegistry clients, GatewayMetrics metrics, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _epochs = epochs;
        _board = board;
        _sites = sites;
        _zones = zones;
        _clients = clients;
        _metrics = metrics;
        _time = time;
        _logger = loggerFactory.CreateLogger("PoseCluster.Gateway.Live");
    }

    /// <summary>Handles one stream message (UTF-8 JSON) from the silo <paramref name="siloId"/>.</summary>
    public void Handle(ReadOnlyMemory<byte> json, Guid siloId)
    {
        var receivedAt = _time.GetUtcNow();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            _logger.LogDebug("Ignoring a malformed stream message: {Error}", e.Message);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            try
            {
                switch (root.GetProperty("type").GetString())
                {
                    case "pose":
                        OnPose(root, siloId, receivedAt);
                        break;
                    case "status":
                        OnStatus(root, siloId);
                        break;
                    case "site":
                        OnSite(root);
                        break;
                }
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                _logger.LogDebug("Ignoring a stream message without the expected fields: {Error}", e.Message);
            }
        }
    }

    private void OnPose(JsonElement root, Guid siloId, DateTimeOffset receivedAt)
    {
        var camera = root.GetProperty("camera").GetGuid();
        var epoch = root.GetProperty("epoch").GetInt64();
        if (!_epochs.Accept(camera, epoch))
        {
            _metrics.StreamMessage("pose", "stale");
            return;
        }

        _metrics.StreamMessage("pose", "accepted");
        var captured = root.GetProperty("captured_at").GetDateTimeOffset();
        var persons = root.GetProperty("persons").Clone();
        var pose = new LivePose(
            camera,
            root.GetProperty("camera_name").GetString() ?? "",
            epoch,
            root.GetProperty("silo").GetString() ?? "",
            root.TryGetProperty("inference_node", out var inference) ? inference.GetString() : null,
            root.GetProperty("frame").GetInt64(),
            captured,
            captured.ToUnixTimeMilliseconds(),
            root.GetProperty("published_at").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            receivedAt.ToUnixTimeMilliseconds(),
            root.GetProperty("fps_in").GetDouble(),
            root.GetProperty("fps_out").GetDouble(),
            root.GetProperty("drops").GetInt64(),
            root.GetProperty("latency_ms").GetDouble(),
            root.TryGetProperty("batch", out var batch) ? batch.GetInt32() : 0,
            root.GetProperty("width").GetInt32(),
            root.GetProperty("height").GetInt32(),
            persons,
            root.TryGetProperty("pipeline", out var pipeline) && pipeline.ValueKind == JsonValueKind.String ? pipeline.GetString() : null);
        _metrics.CaptureToGateway((receivedAt - captured).TotalMilliseconds);
        _board.OnPose(pose, siloId, persons.GetArrayLength(), receivedAt);
        _zones.OnPose(camera, pose.Width, pose.Height, persons, receivedAt);
        _clients.Publish(pose);
    }

    private void OnSite(JsonElement root)
    {
        var site = root.GetProperty("site").GetGuid();
        var epoch = root.GetProperty("epoch").GetInt64();
        if (!_sites.Accept(site, epoch))
        {
            _metrics.StreamMessage("site", "stale");
            return;
        }

        _metrics.StreamMessage("site", "accepted");
        var identities = new List<LiveSiteIdentity>();
        foreach (var p in root.GetProperty("identities").EnumerateArray())
        {
            identities.Add(new LiveSiteIdentity(p.GetProperty("id").GetInt32(), p.GetProperty("x").GetDouble(), p.GetProperty("y").GetDouble(), p.GetProperty("posture").GetString() ?? "unknown", p.TryGetProperty("cameras", out var c) ? c.GetInt32() : 0));
        }

        var zones = new List<LiveSiteZone>();
        foreach (var z in root.GetProperty("zones").EnumerateArray())
        {
            zones.Add(new LiveSiteZone(z.GetProperty("name").GetString() ?? "", z.GetProperty("persons").GetInt32(), z.TryGetProperty("restricted", out var r) && r.GetBoolean()));
        }

        var cameras = new List<LiveSiteCamera>();
        foreach (var c in root.GetProperty("cameras").EnumerateArray())
        {
            cameras.Add(new LiveSiteCamera(c.GetProperty("camera").GetGuid(), c.GetProperty("calibrated").GetBoolean(), c.GetProperty("persons").GetInt32()));
        }

        var events = new List<LiveSiteEvent>();
        foreach (var e in root.GetProperty("events").EnumerateArray())
        {
            events.Add(new LiveSiteEvent(
                e.GetProperty("id").GetGuid(),
                e.GetProperty("time").GetDateTimeOffset(),
                e.GetProperty("kind").GetString() ?? "",
                e.GetProperty("global_id").GetInt32(),
                e.TryGetProperty("camera", out var camera) && camera.ValueKind == JsonValueKind.String ? camera.GetGuid() : null,
                e.TryGetProperty("zone", out var zone) && zone.ValueKind == JsonValueKind.String ? zone.GetString() : null,
                e.TryGetProperty("details", out var details) ? details.GetString() ?? "" : ""));
        }

        var snapshot = new LiveSite(
            site,
            root.GetProperty("site_name").GetString() ?? "",
            epoch,
            root.GetProperty("silo").GetString() ?? "",
            root.GetProperty("at").GetDateTimeOffset(),
            identities.Count,
            identities,
            zones,
            cameras,
            events);
        _sites.OnSite(snapshot);
        _clients.Publish(snapshot);
    }

    private void OnStatus(JsonElement root, Guid siloId)
    {
        var camera = root.GetProperty("camera").GetGuid();
        var epoch = root.GetProperty("epoch").GetInt64();
        if (!_epochs.Accept(camera, epoch))
        {
            _metrics.StreamMessage("status", "stale");
            return;
        }

        _metrics.StreamMessage("status", "accepted");
        var status = new LiveStatus(
            camera,
            root.GetProperty("camera_name").GetString() ?? "",
            epoch,
            root.GetProperty("silo").GetString() ?? "",
            root.GetProperty("state").GetString() ?? "",
            root.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "",
            root.TryGetProperty("reconnects", out var reconnects) ? reconnects.GetInt32() : 0,
            root.TryGetProperty("at", out var at) ? at.GetDateTimeOffset() : _time.GetUtcNow());
        _board.OnStatus(status, siloId);
        _clients.Publish(status);
    }
}
