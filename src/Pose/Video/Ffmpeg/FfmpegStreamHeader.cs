using System.Globalization;
using System.Text.RegularExpressions;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>
/// What ffmpeg's own stream dump (the "Input #0" / "Output #0" lines it prints at info level) says about a decode:
/// the source's codec, size, rate and duration, and the exact size of the raw frames it is about to write. Reading the
/// size from ffmpeg itself, rather than computing it, keeps the frame size in step with whatever the scale filter
/// rounded to; and it needs no separate ffprobe connection (a camera may accept only one client).
/// </summary>
internal sealed partial class FfmpegStreamHeader
{
    private enum Section
    {
        None,
        Input,
        Output,
    }

    private Section _section;
    private bool _inputStreamSeen;

    /// <summary>The first video stream's codec in the input.</summary>
    public string Codec { get; private set; } = string.Empty;

    /// <summary>Width of the source pictures (0 until seen).</summary>
    public int SourceWidth { get; private set; }

    /// <summary>Height of the source pictures (0 until seen).</summary>
    public int SourceHeight { get; private set; }

    /// <summary>The source's frame rate (its "fps", else "tbr"); 0 when unknown.</summary>
    public double SourceFps { get; private set; }

    /// <summary>
    /// Whether the source declared its rate ("fps"). Without it ffmpeg guesses from the time base ("tbr"), which for
    /// an MJPEG camera is a meaningless 25.
    /// </summary>
    public bool SourceFpsDeclared { get; private set; }

    /// <summary>The input's duration; null when ffmpeg says N/A.</summary>
    public TimeSpan? Duration { get; private set; }

    /// <summary>Width of the raw frames on stdout (0 until the output stream line).</summary>
    public int OutputWidth { get; private set; }

    /// <summary>Height of the raw frames on stdout (0 until the output stream line).</summary>
    public int OutputHeight { get; private set; }

    /// <summary>The output stream's nominal frame rate; 0 when unknown.</summary>
    public double OutputFps { get; private set; }

    /// <summary>True once the output stream's size is known: frames follow on stdout.</summary>
    public bool IsComplete => OutputWidth > 0 && OutputHeight > 0;

    /// <summary>Takes one info-level message; returns true when it completed the header.</summary>
    public bool Accept(string message)
    {
        if (IsComplete)
        {
            return false;
        }

        if (message.StartsWith("Input #", StringComparison.Ordinal))
        {
            _section = Section.Input;
            return false;
        }

        if (message.StartsWith("Output #", StringComparison.Ordinal))
        {
            _section = Section.Output;
            return false;
        }

        if (message.StartsWith("Stream mapping", StringComparison.Ordinal))
        {
            _section = Section.None;
            return false;
        }

        var trimmed = message.TrimStart();
        if (_section == Section.Input && Duration is null && trimmed.StartsWith("Duration:", StringComparison.Ordinal))
        {
            Duration = ParseDuration(trimmed);
            return false;
        }

        var stream = VideoStreamPattern().Match(trimmed);
        if (!stream.Success)
        {
            return false;
        }

        var rest = stream.Groups["rest"].Value;
        var size = SizePattern().Match(rest);
        if (!size.Success)
        {
            return false;
        }

        var width = int.Parse(size.Groups["w"].ValueSpan, CultureInfo.InvariantCulture);
        var height = int.Parse(size.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var (fps, declared) = ParseRate(rest);
        if (_section == Section.Input && !_inputStreamSeen)
        {
            _inputStreamSeen = true;
            Codec = stream.Groups["codec"].Value;
            SourceWidth = width;
            SourceHeight = height;
            SourceFps = fps;
            SourceFpsDeclared = declared;
            return false;
        }

        if (_section == Section.Output && width > 0 && height > 0)
        {
            OutputWidth = width;
            OutputHeight = height;
            OutputFps = fps;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Parses a rate as ffmpeg prints it. ffmpeg rounds to two decimals, so NTSC rates (24000/1001 shown as 23.98)
    /// snap back to their exact value: timestamps computed from the frame index then do not drift over hours.
    /// </summary>
    internal static double SnapFrameRate(double shown)
    {
        if (shown <= 0 || Math.Abs(shown - Math.Round(shown)) < 1e-9)
        {
            return shown;
        }

        var ntsc = Math.Round(shown * 1.001) / 1.001;
        return Math.Abs(ntsc - shown) < 0.006 ? ntsc : shown;
    }

    private static (double Fps, bool Declared) ParseRate(string rest)
    {
        var match = FpsPattern().Match(rest);
        var declared = match.Success;
        if (!declared)
        {
            match = TbrPattern().Match(rest);
        }

        if (!match.Success)
        {
            return (0, false);
        }

        var value = double.Parse(match.Groups["v"].ValueSpan, CultureInfo.InvariantCulture);
        if (match.Groups["k"].Length > 0)
        {
            value *= 1000;
        }

        return (SnapFrameRate(value), declared);
    }

    private static TimeSpan? ParseDuration(string line)
    {
        var match = DurationPattern().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var hours = int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups["m"].ValueSpan, CultureInfo.InvariantCulture);
        var seconds = double.Parse(match.Groups["s"].ValueSpan, CultureInfo.InvariantCulture);
        return TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds);
    }

    [GeneratedRegex(@"^Stream #\d+:\d+\S*: Video: (?<codec>[^\s,]+)(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex VideoStreamPattern();

    // ", 1280x720" followed by a space, comma or the end; "(avc1 / 0x31637661)" is not preceded by ", ".
    [GeneratedRegex(@", (?<w>\d{1,5})x(?<h>\d{1,5})(?=[\s,]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@", (?<v>\d+(?:\.\d+)?)(?<k>k?) fps\b", RegexOptions.CultureInvariant)]
    private static partial Regex FpsPattern();

    [GeneratedRegex(@", (?<v>\d+(?:\.\d+)?)(?<k>k?) tbr\b", RegexOptions.CultureInvariant)]
    private static partial Regex TbrPattern();

    [GeneratedRegex(@"^Duration: (?<h>\d+):(?<m>\d{2}):(?<s>\d{2}(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
