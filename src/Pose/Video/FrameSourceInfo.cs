namespace PoseCluster.Pose.Video;

/// <summary>What an open frame source delivers.</summary>
/// <param name="Width">Width of the delivered frames (after scaling).</param>
/// <param name="Height">Height of the delivered frames (after scaling).</param>
/// <param name="SourceWidth">Width of the source's own pictures.</param>
/// <param name="SourceHeight">Height of the source's own pictures.</param>
/// <param name="FramesPerSecond">
/// Nominal rate of the delivered frames (the target rate when sampling, else the source's rate); 0 when unknown.
/// </param>
/// <param name="Duration">Length of a file source (one pass); null for live sources and when unknown.</param>
/// <param name="IsLive">True for network cameras (RTSP, HTTP): they end only when the connection does.</param>
/// <param name="Codec">The source's codec as ffmpeg names it (h264, mjpeg, png...); empty when unknown.</param>
public sealed record FrameSourceInfo(
    int Width,
    int Height,
    int SourceWidth,
    int SourceHeight,
    double FramesPerSecond,
    TimeSpan? Duration,
    bool IsLive,
    string Codec);
