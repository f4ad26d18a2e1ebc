namespace PoseCluster.Pose.Video;

/// <summary>What a source string points at.</summary>
internal enum SourceKind
{
    /// <summary>A local video file.</summary>
    VideoFile,

    /// <summary>A local still image.</summary>
    ImageFile,

    /// <summary>A local folder of still images.</summary>
    ImageFolder,

    /// <summary>An RTSP camera (rtsp:// or rtsps://).</summary>
    Rtsp,

    /// <summary>An HTTP camera, typically MJPEG (http:// or https://).</summary>
    Http,
}
