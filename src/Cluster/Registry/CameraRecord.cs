namespace PoseCluster.Cluster.Registry;

/// <summary>A registered camera; its credentials are never part of it (see <see cref="ICameraRegistry.GetCameraSourceAsync"/>).</summary>
/// <param name="Id">Camera id (the camera grain's key).</param>
/// <param name="Name">Unique name.</param>
/// <param name="SiteId">Its site, if any.</param>
/// <param name="SourceUrl">Source URL without credentials.</param>
/// <param name="HasCredentials">Whether encrypted credentials are stored.</param>
/// <param name="TargetFps">Sampling rate.</param>
/// <param name="Pipeline">Pipeline name or <c>auto</c>.</param>
/// <param name="RequiredClass">Node class it needs.</param>
/// <param name="Enabled">Whether it is processed.</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last update time.</param>
public sealed record CameraRecord(
    Guid Id,
    string Name,
    Guid? SiteId,
    string SourceUrl,
    bool HasCredentials,
    double TargetFps,
    string Pipeline,
    NodeClassRequirement RequiredClass,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
