namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>
/// Maps what ffmpeg said (its warning and error lines, in order) to a <see cref="FrameSourceErrorKind"/>. ffmpeg has no
/// machine-readable error codes on the command line, so this matches the stable phrases of its messages (libavformat's
/// AVERROR strings and the protocols' status lines); the most specific cause wins.
/// </summary>
internal static class FfmpegErrorClassifier
{
    private static readonly string[] UnauthorizedPhrases =
        ["401 unauthorized", "server returned 401", "unauthorized", "authorization failed", "403 forbidden", "server returned 403"];

    private static readonly string[] UnsupportedPhrases =
    [
        "misdetection possible", "protocol not found", "unknown input format", "matches no streams",
        "does not contain any stream", "decoder (codec", "unsupported codec", "codec not currently supported",
        "no decoder", "invalid pixel format", "unsupported color conversion",
    ];

    // Not a bare "not found": "moov atom not found" means a damaged file, "Decoder ... not found" an unknown codec.
    private static readonly string[] NotFoundPhrases = ["no such file or directory", "404 not found", "server returned 404"];

    private static readonly string[] UnreachablePhrases =
    [
        "connection refused", "connection timed out", "timed out", "network is unreachable", "no route to host",
        "host is unreachable", "failed to resolve", "name or service not known", "temporary failure in name resolution",
        "connection reset", "server returned 5", "503 service", "500 internal", "input/output error",
    ];

    // Not "invalid data found": alone, before any frame, it means ffmpeg recognised no format at all (Unsupported).
    private static readonly string[] CorruptPhrases =
    [
        "partial file", "truncat", "moov atom not found", "invalid nal", "error while decoding", "corrupt",
        "error splitting the input into nal units", "decode_slice_header error", "missing picture", "concealing",
    ];

    // Phrases that mean a file stopped early: at the end of an otherwise successful run they still make it Corrupt.
    private static readonly string[] TruncationPhrases = ["partial file", "truncat", "end of file", "invalid data found"];

    /// <summary>
    /// Classifies a failed run. <paramref name="isLive"/> sources fall back to Unreachable (a transient network
    /// problem); files fall back to Corrupt once frames were decoded and to Unsupported before.
    /// </summary>
    public static FrameSourceErrorKind Classify(IReadOnlyList<FfmpegLogLine> lines, bool isLive, bool hadFrames) =>
        Classify(lines, isLive, hadFrames, out _);

    /// <summary>As <see cref="Classify(IReadOnlyList{FfmpegLogLine}, bool, bool)"/>, also giving the line that decided it.</summary>
    public static FrameSourceErrorKind Classify(IReadOnlyList<FfmpegLogLine> lines, bool isLive, bool hadFrames, out string? evidence)
    {
        if (Find(lines, UnauthorizedPhrases, out evidence))
        {
            return FrameSourceErrorKind.Unauthorized;
        }

        if (Find(lines, UnsupportedPhrases, out evidence))
        {
            return FrameSourceErrorKind.Unsupported;
        }

        if (Find(lines, NotFoundPhrases, out evidence))
        {
            return FrameSourceErrorKind.NotFound;
        }

        if (Find(lines, UnreachablePhrases, out evidence))
        {
            return FrameSourceErrorKind.Unreachable;
        }

        evidence = null;
        if (isLive)
        {
            // A camera that sends something ffmpeg cannot parse is most often one that hung up mid-handshake.
            return FrameSourceErrorKind.Unreachable;
        }

        if (Find(lines, CorruptPhrases, out evidence) || hadFrames)
        {
            return FrameSourceErrorKind.Corrupt;
        }

        return FrameSourceErrorKind.Unsupported;
    }

    /// <summary>
    /// What to quote from ffmpeg: the line that decided the classification and, when different, the last problem.
    /// </summary>
    public static string Quote(IReadOnlyList<FfmpegLogLine> lines, string? evidence)
    {
        var last = LastProblem(lines);
        if (evidence is null && last is null)
        {
            return string.Empty;
        }

        if (evidence is null || evidence == last)
        {
            return $" ffmpeg said: \"{last ?? evidence}\"";
        }

        return last is null ? $" ffmpeg said: \"{evidence}\"" : $" ffmpeg said: \"{evidence}\", then \"{last}\"";
    }

    /// <summary>True when a run that exited normally still reported that its input stopped early.</summary>
    public static bool ReportsTruncation(IReadOnlyList<FfmpegLogLine> lines)
    {
        foreach (var line in lines)
        {
            if (line.Level == FfmpegLogLevel.Error && ContainsAny(line.Message, TruncationPhrases))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What to tell a user about <paramref name="kind"/>: what it means and what to do.</summary>
    public static string Advice(FrameSourceErrorKind kind) => kind switch
    {
        FrameSourceErrorKind.NotFound => "It does not exist: check the path or URL.",
        FrameSourceErrorKind.Unsupported => "It is not a video or image that ffmpeg can read (unknown format or codec, or no video stream).",
        FrameSourceErrorKind.Corrupt => "The data is damaged or truncated: copy or re-encode the file again.",
        FrameSourceErrorKind.Unreachable => "Check that the camera or server is running and reachable from this machine (address, port, firewall, DNS).",
        FrameSourceErrorKind.Unauthorized => "The server rejected the credentials: check the user name and password in the URL.",
        FrameSourceErrorKind.Stalled => "The source stopped delivering frames; a resilient source reopens it.",
        FrameSourceErrorKind.Ended => "The stream ended unexpectedly.",
        _ => string.Empty,
    };

    /// <summary>The most telling line: the last error, else the last warning; null when there is none.</summary>
    public static string? LastProblem(IReadOnlyList<FfmpegLogLine> lines)
    {
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Level == FfmpegLogLevel.Error)
            {
                return lines[i].Message;
            }
        }

        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Level == FfmpegLogLevel.Warning)
            {
                return lines[i].Message;
            }
        }

        return null;
    }

    private static bool Find(IReadOnlyList<FfmpegLogLine> lines, string[] phrases, out string? evidence)
    {
        foreach (var line in lines)
        {
            if (line.Level != FfmpegLogLevel.Info && ContainsAny(line.Message, phrases))
            {
                evidence = line.Message;
                return true;
            }
        }

        evidence = null;
        return false;
    }

    private static bool ContainsAny(string text, string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
