using PoseCluster.Cluster.Registry;

namespace PoseCluster.Gateway.Cameras;

/// <summary>A validated camera input, before its site is resolved.</summary>
internal sealed record CameraDraft(
    string Name,
    string SourceUrl,
    string? SiteName,
    Guid? SiteId,
    bool SiteGiven,
    CameraCredentials? Credentials,
    bool ClearCredentials,
    double TargetFps,
    string Pipeline,
    NodeClassRequirement RequiredClass,
    bool Enabled)
{
    public override string ToString() => $"CameraDraft({Name})";
}
