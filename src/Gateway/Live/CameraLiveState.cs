namespace PoseCluster.Gateway.Live;

/// <summary>The latest the live feed knows about one camera (current epoch only).</summary>
public sealed record CameraLiveState
{
    /// <summary>The epoch of this information.</summary>
    public long Epoch { get; init; }

    /// <summary>The silo running the camera.</summary>
    public string Node { get; init; } = "";

    /// <summary>That silo's id.</summary>
    public Guid SiloId { get; init; }

    /// <summary>The silo's stream state (connecting, streaming, stalled, failed, ended, stopped), or null before any status.</summary>
    public string? State { get; init; }

    /// <summary>Why (redacted by the silo).</summary>
    public string Reason { get; init; } = "";

    /// <summary>Reconnections.</summary>
    public int Reconnects { get; init; }

    /// <summary>When the state was entered (silo clock).</summary>
    public DateTimeOffset? StateAt { get; init; }

    /// <summary>When the gateway received the last pose.</summary>
    public DateTimeOffset? LastPoseAt { get; init; }

    /// <summary>Frames per second read.</summary>
    public double FpsIn { get; init; }

    /// <summary>Frames per second processed.</summary>
    public double FpsOut { get; init; }

    /// <summary>Frames dropped by the silo.</summary>
    public long Drops { get; init; }

    /// <summary>Capture to publication of the last frame.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Persons in the last processed frame.</summary>
    public int Persons { get; init; }

    /// <summary>The node that inferred the last frame.</summary>
    public string? InferenceNode { get; init; }

    /// <summary>The pipeline of the last frame, when the silo says.</summary>
    public string? Pipeline { get; init; }

    /// <summary>Batch size of the last frame.</summary>
    public int Batch { get; init; }

    /// <summary>Last frame number.</summary>
    public long Frame { get; init; }

    /// <summary>Image width.</summary>
    public int Width { get; init; }

    /// <summary>Image height.</summary>
    public int Height { get; init; }
}
