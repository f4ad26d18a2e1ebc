namespace PoseCluster.Pose.Video;

/// <summary>Why a frame source failed. Decides whether reconnecting can help (see <see cref="FrameSourceException.IsPermanent"/>).</summary>
public enum FrameSourceErrorKind
{
    /// <summary>The file, folder or stream path does not exist (also HTTP/RTSP 404, and a missing ffmpeg).</summary>
    NotFound,

    /// <summary>Not a video or image, an unknown format or codec, no video stream, or an unsupported URL scheme.</summary>
    Unsupported,

    /// <summary>The data is damaged: decode errors or a truncated file.</summary>
    Corrupt,

    /// <summary>No connection: refused, timed out, host name not resolved, network down, server error.</summary>
    Unreachable,

    /// <summary>The server rejected the credentials (401/403).</summary>
    Unauthorized,

    /// <summary>The source stopped delivering frames for longer than the stall timeout.</summary>
    Stalled,

    /// <summary>The stream ended unexpectedly (before its first frame, or a live connection closed).</summary>
    Ended,
}
