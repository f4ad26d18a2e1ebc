namespace PoseCluster.Cluster.Registry;

/// <summary>
/// What an operator says about a camera when adding or updating it. A source URL with credentials in it
/// (<c>rtsp://user:pass@host/stream</c>) is split: the URL is stored without them, the credentials encrypted.
/// </summary>
public sealed class CameraDefinition
{
    /// <summary>Unique camera name.</summary>
    public required string Name { get; init; }

    /// <summary>Source URL (RTSP, HTTP or a file path), optionally with credentials.</summary>
    public required string SourceUrl { get; init; }

    /// <summary>The camera's site, if any.</summary>
    public Guid? SiteId { get; init; }

    /// <summary>
    /// Credentials; when null, those in <see cref="SourceUrl"/> are used, and on update, the stored ones are kept
    /// unless <see cref="ClearCredentials"/> is set.
    /// </summary>
    public CameraCredentials? Credentials { get; init; }

    /// <summary>On update, removes stored credentials (when no new ones are given).</summary>
    public bool ClearCredentials { get; init; }

    /// <summary>Frames per second the camera is sampled at. Default 10.</summary>
    public double TargetFps { get; init; } = 10;

    /// <summary>Pipeline name (e.g. <c>topdown</c>), or <c>auto</c> to let the node choose. Default <c>auto</c>.</summary>
    public string Pipeline { get; init; } = "auto";

    /// <summary>Node class the camera needs. Default any.</summary>
    public NodeClassRequirement RequiredClass { get; init; } = NodeClassRequirement.Any;

    /// <summary>Whether the camera is processed. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Redacted description.</summary>
    public override string ToString() =>
        $"CameraDefinition({Name}, {CameraSourceUrl.Redact(SourceUrl)}, {TargetFps} fps, {Pipeline}, {RequiredClass})";

    /// <summary>Throws <see cref="ClusterException"/> (code <see cref="ClusterErrorCode.Invalid"/>) naming the first problem.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, "A camera needs a name of 1-200 characters.");
        }

        if (string.IsNullOrWhiteSpace(SourceUrl))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Camera '{Name}' needs a source URL.");
        }

        if (!double.IsFinite(TargetFps) || TargetFps <= 0 || TargetFps > 240)
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Camera '{Name}': target fps must be in (0, 240] (was {TargetFps}).");
        }

        if (string.IsNullOrWhiteSpace(Pipeline))
        {
            throw new ClusterException(ClusterErrorCode.Invalid, $"Camera '{Name}' needs a pipeline name (or 'auto').");
        }
    }
}
