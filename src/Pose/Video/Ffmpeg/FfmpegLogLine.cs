namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>One stderr line of ffmpeg run with <c>-loglevel level+info</c>: its level, and its text without the tags.</summary>
/// <param name="Level">Severity.</param>
/// <param name="Message">The text after the <c>[component @ 0x...]</c> and <c>[level]</c> tags.</param>
internal readonly record struct FfmpegLogLine(FfmpegLogLevel Level, string Message)
{
    /// <summary>Splits the leading tags off <paramref name="line"/>.</summary>
    public static FfmpegLogLine Parse(string line)
    {
        var level = FfmpegLogLevel.Info;
        var span = line.AsSpan();
        // Tags look like "[h264 @ 0x55..] [error] text"; a component tag may repeat (nested contexts).
        while (span.Length > 0 && span[0] == '[')
        {
            var close = span.IndexOf(']');
            if (close < 0)
            {
                break;
            }

            var tag = span[1..close];
            if (tag.SequenceEqual("error") || tag.SequenceEqual("fatal") || tag.SequenceEqual("panic"))
            {
                level = FfmpegLogLevel.Error;
            }
            else if (tag.SequenceEqual("warning"))
            {
                level = FfmpegLogLevel.Warning;
            }
            else if (!tag.Contains(" @ ", StringComparison.Ordinal) && !IsInfoTag(tag))
            {
                // Not a tag after all (e.g. a message that starts with a bracket): keep it in the text.
                break;
            }

            span = span[(close + 1)..].TrimStart(' ');
        }

        return new FfmpegLogLine(level, span.ToString());
    }

    private static bool IsInfoTag(ReadOnlySpan<char> tag) =>
        tag.SequenceEqual("info") || tag.SequenceEqual("verbose") || tag.SequenceEqual("debug") || tag.SequenceEqual("trace");
}
