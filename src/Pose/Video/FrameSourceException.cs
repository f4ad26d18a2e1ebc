namespace PoseCluster.Pose.Video;

/// <summary>
/// A frame source failed. The message says what happened and what to do, and quotes ffmpeg's last error line;
/// credentials are always redacted from it.
/// </summary>
public sealed class FrameSourceException : Exception
{
    /// <summary>Creates the exception; <paramref name="sourceName"/> and <paramref name="message"/> must already be redacted.</summary>
    public FrameSourceException(FrameSourceErrorKind kind, string sourceName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        SourceName = sourceName;
    }

    /// <summary>The failure's category.</summary>
    public FrameSourceErrorKind Kind { get; }

    /// <summary>The source's redacted display name.</summary>
    public string SourceName { get; }

    /// <summary>
    /// True when retrying the same source cannot help without someone fixing something (a wrong path, format or
    /// password): <see cref="FrameSourceErrorKind.NotFound"/>, <see cref="FrameSourceErrorKind.Unsupported"/>,
    /// <see cref="FrameSourceErrorKind.Unauthorized"/>.
    /// </summary>
    public bool IsPermanent => IsPermanentKind(Kind);

    /// <summary>Whether errors of <paramref name="kind"/> are permanent (see <see cref="IsPermanent"/>).</summary>
    public static bool IsPermanentKind(FrameSourceErrorKind kind) =>
        kind is FrameSourceErrorKind.NotFound or FrameSourceErrorKind.Unsupported or FrameSourceErrorKind.Unauthorized;
}
