namespace PoseCluster.Grains.Camera;

/// <summary>A running camera as its node sees it (no credentials: the source is shown redacted).</summary>
/// <param name="CameraId">Camera id.</param>
/// <param name="Name">Camera name.</param>
/// <param name="SiteId">Its site, if any.</param>
/// <param name="Source">The source URL without credentials.</param>
/// <param name="Pipeline">The pipeline that runs (<c>auto</c> resolved).</param>
/// <param name="TargetFps">Target frame rate.</param>
/// <param name="Node">The node running it.</param>
/// <param name="SiloId">That node's incarnation.</param>
/// <param name="Epoch">The camera grain's epoch.</param>
/// <param name="State">connecting, streaming, stalled, failed or ended.</param>
/// <param name="Reason">Why (redacted).</param>
/// <param name="Reconnects">Reconnections so far.</param>
/// <param name="StateSince">When the state was entered.</param>
/// <param name="FramesIn">Frames read.</param>
/// <param name="FramesOut">Frames processed and published.</param>
/// <param name="Drops">Frames dropped.</param>
/// <param name="DropsByReason">Drops per reason (queue, queue_full, no_capable_node, remote_failed, late...).</param>
/// <param name="FpsIn">Frames per second read.</param>
/// <param name="FpsOut">Frames per second published.</param>
/// <param name="LatencyMs">Capture-to-publication latency of the last frame.</param>
/// <param name="InferenceNode">The node that inferred the last frame.</param>
/// <param name="LastDropReason">Why the last frame was dropped (redacted), if any was.</param>
/// <param name="HasThumbnail">Whether a thumbnail is available.</param>
public sealed record CameraStatus(
    Guid CameraId,
    string Name,
    Guid? SiteId,
    string Source,
    string Pipeline,
    double TargetFps,
    string Node,
    Guid SiloId,
    long Epoch,
    string State,
    string Reason,
    int Reconnects,
    DateTimeOffset StateSince,
    long FramesIn,
    long FramesOut,
    long Drops,
    IReadOnlyDictionary<string, long> DropsByReason,
    double FpsIn,
    double FpsOut,
    double LatencyMs,
    string? InferenceNode,
    string? LastDropReason,
    bool HasThumbnail);
