namespace PoseCluster.AppHost.Local;

/// <summary>Where a local cluster's simulated cameras come from.</summary>
internal enum LocalCameraSource
{
    /// <summary>
    /// Live RTSP streams from one GStreamer RTSP server process with a mount point per camera (the shared videos,
    /// pre-encoded once and looped): each silo decodes them with ffmpeg like a real IP camera.
    /// </summary>
    Rtsp,

    /// <summary>
    /// <c>replay://</c> sources: each silo process decodes a video once and replays it in memory, so dozens of cameras
    /// cost no decoder (scale-out benchmarks).
    /// </summary>
    Replay,
}
