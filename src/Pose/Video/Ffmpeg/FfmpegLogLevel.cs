namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>Severity of one ffmpeg stderr line (from the <c>-loglevel level+...</c> tag).</summary>
internal enum FfmpegLogLevel
{
    /// <summary>Informational (also lines without a tag).</summary>
    Info,

    /// <summary>A warning: ffmpeg carried on.</summary>
    Warning,

    /// <summary>An error, fatal error or panic.</summary>
    Error,
}
