namespace PoseCluster.Gateway.Live;

/// <summary>
/// What the live hub (<c>/hubs/live</c>) sends to a browser (SignalR method names <c>Pose</c>, <c>Status</c>, <c>Site</c>, <c>Stats</c>;
/// JSON payloads in snake_case). Messages go through the connection's own bounded queue: when the browser reads too
/// slowly the oldest are dropped and counted in <see cref="Stats"/>, and the rest of the cluster is not slowed.
/// </summary>
public interface ILiveClient
{
    /// <summary>A processed frame of a subscribed camera (at most the subscription's rate per camera).</summary>
    Task Pose(LivePose pose);

    /// <summary>A camera's stream state changed (connecting, streaming, stalled, failed, ended, stopped).</summary>
    Task Status(LiveStatus status);

    /// <summary>A subscribed site's live snapshot (floor positions, zone counts, new events), about once a second.</summary>
    Task Site(LiveSite site);

    /// <summary>This connection's delivery counters, every few seconds.</summary>
    Task Stats(LiveClientStats stats);
}
