namespace PoseCluster.Pose.Video.Resilience;

/// <summary>The health of a <see cref="ResilientFrameSource"/>, as a camera reports it.</summary>
public enum FrameSourceState
{
    /// <summary>Opening the source (at start, and on every reconnection attempt).</summary>
    Connecting,

    /// <summary>Frames are arriving.</summary>
    Streaming,

    /// <summary>
    /// Not delivering because of a problem that may pass (a stall, a dropped connection, a refused connection, damaged
    /// data); a reconnection is scheduled with backoff. The reason says which.
    /// </summary>
    Stalled,

    /// <summary>
    /// Given up: a permanent error (not found, unsupported, unauthorized) or too many failed attempts. Reads throw the
    /// error, unless permanent errors are configured to be retried slowly.
    /// </summary>
    Failed,

    /// <summary>A file source reached its end (live sources never end; they reconnect).</summary>
    Ended,
}
