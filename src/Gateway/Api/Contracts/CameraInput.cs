namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>
/// A camera as an admin registers or replaces it (<c>POST /api/cameras</c>, <c>PUT /api/cameras/{id}</c>, bulk import).
/// <see cref="Username"/> and <see cref="Password"/> are write-only: stored encrypted, never returned or logged.
/// </summary>
public sealed class CameraInput
{
    /// <summary>Unique name (1-200 characters).</summary>
    public string? Name { get; init; }

    /// <summary><c>rtsp://</c>, <c>rtsps://</c>, <c>http(s)://</c> URL, <c>file://</c> URL or absolute path of a video in a media folder, or <c>replay://PATH</c> (a simulated camera).</summary>
    public string? SourceUrl { get; init; }

    /// <summary>Site name (created when new); or give <see cref="SiteId"/>.</summary>
    public string? Site { get; init; }

    /// <summary>Site id.</summary>
    public Guid? SiteId { get; init; }

    /// <summary>Camera user name (write-only).</summary>
    public string? Username { get; init; }

    /// <summary>Camera password (write-only).</summary>
    public string? Password { get; init; }

    /// <summary>On update: remove the stored credentials.</summary>
    public bool? ClearCredentials { get; init; }

    /// <summary>Frames per second to sample (0 &lt; fps &lt;= 60). Default 10.</summary>
    public double? TargetFps { get; init; }

    /// <summary>Pipeline name, or <c>auto</c> (default) to let the node choose.</summary>
    public string? Pipeline { get; init; }

    /// <summary>Node class required: <c>any</c> (default), <c>gpu</c> or <c>nuc</c>.</summary>
    public string? RequiredClass { get; init; }

    /// <summary>Whether the camera is processed. Default true.</summary>
    public bool? Enabled { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"CameraInput({Name})";
}
