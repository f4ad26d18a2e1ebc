using System.Globalization;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>Builds ffmpeg argument lists. Pure functions, so the exact command lines are unit-testable.</summary>
internal static class FfmpegCommandLine
{
    /// <summary>
    /// Slack added to ffmpeg's own socket timeouts over ours: our open/stall deadlines fire first and give the clearer
    /// error, ffmpeg's timeouts only stop an ffmpeg whose owner died.
    /// </summary>
    private static readonly TimeSpan SocketTimeoutSlack = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Arguments that decode <paramref name="address"/> to raw RGB24 frames on stdout, as the options ask: first video
    /// stream only, sampled to the target rate, scaled, and with every surviving frame written once (passthrough: no
    /// frames duplicated to fill a constant rate).
    /// </summary>
    public static List<string> ForFrameSource(FrameSourceOptions options, SourceAddress address)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info" };
        var socketTimeout = Microseconds((options.OpenTimeout > options.StallTimeout ? options.OpenTimeout : options.StallTimeout) + SocketTimeoutSlack);
        switch (address.Kind)
        {
            case SourceKind.Rtsp:
                args.AddRange(["-rtsp_transport", options.RtspTransport == RtspTransport.Udp ? "udp" : "tcp"]);
                args.AddRange(["-timeout", socketTimeout]);
                AddLiveInputOptions(args);
                break;
            case SourceKind.Http:
                args.AddRange(["-rw_timeout", socketTimeout]);
                AddLiveInputOptions(args);
                // MJPEG over HTTP carries no timestamps; arrival time is what the rate sampling must see.
                args.AddRange(["-use_wallclock_as_timestamps", "1"]);
                break;
            default:
                if (options.Realtime)
                {
                    args.Add("-re");
                }

                if (options.Loop)
                {
                    args.AddRange(["-stream_loop", "-1"]);
                }

                break;
        }

        if (options.InputFormat is not null)
        {
            args.AddRange(["-f", options.InputFormat]);
        }

        args.AddRange(["-i", address.Target, "-map", "0:v:0", "-an", "-sn", "-dn"]);
        var filters = VideoFilters(options.OutputWidth, options.OutputHeight, options.TargetFps);
        if (filters.Length > 0)
        {
            args.AddRange(["-vf", filters]);
        }

        args.AddRange(["-fps_mode", "passthrough", "-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
        return args;
    }

    /// <summary>Arguments that decode the first picture of an image file to raw RGB24 on stdout, scaled as asked.</summary>
    public static List<string> ForPicture(string path, int? width, int? height)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info", "-i", path, "-map", "0:v:0", "-frames:v", "1" };
        var filters = VideoFilters(width, height, null);
        if (filters.Length > 0)
        {
            args.AddRange(["-vf", filters]);
        }

        args.AddRange(["-pix_fmt", "rgb24", "-f", "rawvideo", "pipe:1"]);
        return args;
    }

    /// <summary>Arguments that encode raw RGB24 frames from stdin into <paramref name="path"/>.</summary>
    public static List<string> ForEncoder(string path, int width, int height, double fps, string encoder, int quality)
    {
        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", Format(fps), "-i", "pipe:0",
            "-an", "-c:v", encoder,
        };
        if (encoder is "libx264")
        {
            args.AddRange(["-preset", "veryfast", "-crf", quality.ToString(CultureInfo.InvariantCulture)]);
        }
        else
        {
            args.AddRange(["-q:v", Math.Clamp(quality / 5, 1, 31).ToString(CultureInfo.InvariantCulture)]);
        }

        // 4:2:0 is what every player decodes, and it needs even dimensions: pad odd ones by a pixel.
        args.AddRange(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p"]);
        if (path.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mov", StringComparison.OrdinalIgnoreCase))
        {
            args.AddRange(["-movflags", "+faststart"]);
        }

        args.Add(path);
        return args;
    }

    /// <summary>
    /// The filter chain: rate sampling first (dropping frames before they are scaled costs nothing), then scaling.
    /// The sampling keeps the first frame of each 1/fps bucket of presentation time: it never duplicates frames (unlike
    /// the fps filter, which pads a slower source up to the target rate), so a source slower than the target passes
    /// unchanged, and it needs no knowledge of the source rate in advance. The small epsilon keeps frames that fall
    /// exactly on a bucket edge (10 -> 5 fps) from being misplaced by floating-point rounding.
    /// </summary>
    internal static string VideoFilters(int? width, int? height, double? fps)
    {
        var filters = new List<string>(2);
        if (fps is { } rate)
        {
            var r = Format(rate);
            filters.Add($"select='isnan(prev_selected_t)+gt(floor(t*{r}+0.000001),floor(prev_selected_t*{r}+0.000001))'");
        }

        if (width is not null || height is not null)
        {
            // -1 keeps the aspect ratio for the missing side.
            filters.Add($"scale={width ?? -1}:{height ?? -1}");
        }

        return string.Join(',', filters);
    }

    /// <summary>
    /// Live inputs: deliver packets as they arrive instead of buffering them during stream analysis, and analyse for
    /// one second instead of five (a camera's codec parameters come with its first key frame; the default analysis
    /// at 10 fps delays the first frame by seconds).
    /// </summary>
    private static void AddLiveInputOptions(List<string> args) =>
        args.AddRange(["-fflags", "nobuffer", "-analyzeduration", "1000000"]);

    private static string Microseconds(TimeSpan span) => ((long)span.TotalMicroseconds).ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
