using PoseCluster.Cluster;
using PoseCluster.Cluster.Registry;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Live;

namespace PoseCluster.Gateway.Cameras;

/// <summary>
/// A camera's registration joined with where it runs and how it streams. The state is one of <c>connecting</c>,
/// <c>streaming</c>, <c>stalled</c>, <c>failed</c> or <c>unplaced</c>: disabled cameras and cameras no live node can take
/// are unplaced (with the reason); a camera waiting for its node, or moving, is connecting; a streaming camera without
/// a frame for <see cref="LiveFeedOptions.StallAfter"/> is stalled.
/// </summary>
public sealed class CameraViewFactory
{
    private readonly CameraLiveBoard _board;
    private readonly LiveFeedOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the factory.</summary>
    public CameraViewFactory(CameraLiveBoard board, GatewayOptions options, TimeProvider time)
    {
        _board = board;
        _options = options.Live;
        _time = time;
    }

    /// <summary>The view of <paramref name="camera"/> in <paramref name="state"/>.</summary>
    public CameraView Build(CameraRecord camera, ClusterState state, string? pipelineInUse = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(state);
        var (stateName, reason, node, epoch, live) = Resolve(camera, state);
        var site = camera.SiteId is { } s ? state.Sites.FirstOrDefault(x => x.Id == s)?.Name : null;
        var zones = state.ZonesByCamera.TryGetValue(camera.Id, out var z) ? z.Count : 0;
        var current = live is not null && stateName is "streaming" or "stalled";
        return new CameraView(
            camera.Id,
            camera.Name,
            camera.SiteId,
            site,
            camera.SourceUrl,
            camera.HasCredentials,
            camera.TargetFps,
            camera.Pipeline,
            pipelineInUse ?? (current ? live!.Pipeline : null),
            WireNames.Of(camera.RequiredClass),
            camera.Enabled,
            stateName,
            reason,
            node,
            epoch,
            current ? Math.Round(live!.FpsIn, 2) : 0,
            current ? Math.Round(live!.FpsOut, 2) : 0,
            current && live!.LastPoseAt is not null ? live.Persons : null,
            live?.Drops ?? 0,
            current && live!.LastPoseAt is not null ? Math.Round(live.LatencyMs, 1) : null,
            current ? live!.InferenceNode : null,
            live?.Reconnects ?? 0,
            live?.LastPoseAt,
            live is { Width: > 0 } ? live.Width : null,
            live is { Height: > 0 } ? live.Height : null,
            zones,
            camera.CreatedAt,
            camera.UpdatedAt);
    }

    private (string State, string? Reason, string? Node, long? Epoch, CameraLiveState? Live) Resolve(CameraRecord camera, ClusterState state)
    {
        if (!camera.Enabled)
        {
            return ("unplaced", "the camera is disabled", null, null, null);
        }

        var assignment = state.CameraAssignment(camera.Id);
        var live = _board.Get(camera.Id);
        if (assignment is null)
        {
            return ("connecting", "waiting for placement", null, null, null);
        }

        if (assignment.SiloId is not { } siloId)
        {
            return ("unplaced", assignment.UnplacedReason ?? "no live node can run it", null, assignment.Epoch, null);
        }

        var silo = state.Silo(siloId);
        var nodeName = silo?.Name;
        if (silo is null || !silo.IsMember)
        {
            return ("connecting", $"node {nodeName ?? "?"} is gone; waiting for failover", nodeName, assignment.Epoch, null);
        }

        if (live is null || live.Epoch < assignment.Epoch)
        {
            return ("connecting", $"starting on {nodeName}", nodeName, assignment.Epoch, null);
        }

        var now = _time.GetUtcNow();
        var fresh = live.LastPoseAt is { } last && now - last <= _options.StallAfter;
        return live.State switch
        {
            "failed" => ("failed", live.Reason, live.Node, live.Epoch, live),
            "stalled" => ("stalled", live.Reason, live.Node, live.Epoch, live),
            "ended" => ("stalled", string.IsNullOrEmpty(live.Reason) ? "the stream ended" : live.Reason, live.Node, live.Epoch, live),
            "stopped" => ("connecting", "handing over", live.Node, live.Epoch, null),
            "connecting" when !fresh => ("connecting", live.Reason, live.Node, live.Epoch, live),
            _ when fresh => ("streaming", null, live.Node, live.Epoch, live),
            _ when live.LastPoseAt is null => ("connecting", "waiting for the first frame", live.Node, live.Epoch, live),
            _ => ("stalled", $"no frame for {(now - live.LastPoseAt!.Value).TotalSeconds:0} s", live.Node, live.Epoch, live),
        };
    }
}
