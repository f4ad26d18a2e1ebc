namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A camera with its live state (credentials are never part of it).</summary>
/// <param name="Id">Camera id.</param>
/// <param name="Name">Name.</param>
/// <param name="SiteId">Site id.</param>
/// <param name="Site">Site name.</param>
/// <param name="SourceUrl">Source without credentials.</param>
/// <param name="HasCredentials">Whether credentials are stored (they are never returned).</param>
/// <param name="TargetFps">Sampling rate.</param>
/// <param name="Pipeline">Configured pipeline (<c>auto</c> or a name).</param>
/// <param name="PipelineInUse">The pipeline in use: from the live feed (the active pipeline of the last frame), or asked of the node on camera detail.</param>
/// <param name="RequiredClass"><c>any</c>, <c>gpu</c> or <c>nuc</c>.</param>
/// <param name="Enabled">Whether it is processed.</param>
/// <param name="State"><c>connecting</c>, <c>streaming</c>, <c>stalled</c>, <c>failed</c> or <c>unplaced</c>.</param>
/// <param name="Reason">Why (unplaced reason, stream error; redacted).</param>
/// <param name="Node">The silo running it.</param>
/// <param name="Epoch">Its grain's epoch.</param>
/// <param name="FpsIn">Frames per second read.</param>
/// <param name="FpsOut">Frames per second processed.</param>
/// <param name="Persons">Persons in the last processed frame.</param>
/// <param name="Drops">Frames dropped by the silo.</param>
/// <param name="LatencyMs">Capture to publication of the last frame.</param>
/// <param name="InferenceNode">The node that inferred the last frame.</param>
/// <param name="Reconnects">Stream reconnections.</param>
/// <param name="LastFrameAt">When the gateway received its last frame.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Zones">Zones drawn on it.</param>
/// <param name="CreatedAt">Registration time.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record CameraView(
    Guid Id,
    string Name,
    Guid? SiteId,
    string? Site,
    string SourceUrl,
    bool HasCredentials,
    double TargetFps,
    string Pipeline,
    string? PipelineInUse,
    string RequiredClass,
    bool Enabled,
    string State,
    string? Reason,
    string? Node,
    long? Epoch,
    double FpsIn,
    double FpsOut,
    int? Persons,
    long Drops,
    double? LatencyMs,
    string? InferenceNode,
    int Reconnects,
    DateTimeOffset? LastFrameAt,
    int? Width,
    int? Height,
    int Zones,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
