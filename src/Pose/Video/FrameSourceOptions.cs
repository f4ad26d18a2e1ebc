namespace PoseCluster.Pose.Video;

/// <summary>
/// Where frames come from and how to deliver them. One options object describes one source; pass it to
/// <see cref="FrameSourceFactory.Open"/> (or <see cref="Resilience.ResilientFrameSource.Open"/> for a camera).
/// </summary>
public sealed class FrameSourceOptions
{
    /// <summary>
    /// The source: a video file path, a <c>file://</c> URI, an image file, a folder of images, or a camera URL
    /// (<c>rtsp://</c>, <c>rtsps://</c>, <c>http://</c>, <c>https://</c>; credentials may be embedded as
    /// <c>user:pass@</c> and are redacted everywhere). Required.
    /// </summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>
    /// Width of the delivered frames. Default null: the source's width, or scaled to keep the aspect ratio when only
    /// <see cref="OutputHeight"/> is set.
    /// </summary>
    public int? OutputWidth { get; set; }

    /// <summary>
    /// Height of the delivered frames. Default null: the source's height, or scaled to keep the aspect ratio when only
    /// <see cref="OutputWidth"/> is set.
    /// </summary>
    public int? OutputHeight { get; set; }

    /// <summary>
    /// Deliver at most this many frames per second. Default null: every frame. Sampling happens inside ffmpeg before
    /// scaling (cheap) and only drops frames, never duplicates them: the first frame of every 1/TargetFps interval of
    /// presentation time is kept, so a source slower than the target passes unchanged. Image sources use it as their
    /// nominal rate instead.
    /// </summary>
    public double? TargetFps { get; set; }

    /// <summary>Replay files and images forever (demo cameras). Default false. Ignored by live sources.</summary>
    public bool Loop { get; set; }

    /// <summary>
    /// Deliver file frames no faster than their native rate, like ffmpeg's <c>-re</c> (simulated live cameras).
    /// Default false: as fast as they decode. Image sources pace at <see cref="TargetFps"/> (or 1 frame per second).
    /// Ignored by live sources, which are real time anyway.
    /// </summary>
    public bool Realtime { get; set; }

    /// <summary>How long opening may take, up to the first frame. Default 10 s.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A read that waits this long for data fails as <see cref="FrameSourceErrorKind.Stalled"/>. Default 5 s. It must
    /// exceed the source's frame interval (a 0.5 fps camera needs more than 2 s).
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>RTSP transport. Default <see cref="Video.RtspTransport.Tcp"/>.</summary>
    public RtspTransport RtspTransport { get; set; } = RtspTransport.Tcp;

    /// <summary>
    /// ffmpeg input format to force (<c>-f</c>), e.g. <c>mjpeg</c> for a camera that sends bare concatenated JPEGs over
    /// HTTP. Default null: detect it.
    /// </summary>
    public string? InputFormat { get; set; }

    /// <summary>Idle frames the source's pool keeps for reuse. Default 8; more only helps consumers that hold many frames.</summary>
    public int MaxRetainedFrames { get; set; } = 8;

    /// <summary>The ffmpeg executable. Default <c>ffmpeg</c> (found on PATH; installed by <c>./posecluster setup</c>).</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new ArgumentException($"{nameof(Source)} is required: a file, folder or camera URL.");
        }

        if (OutputWidth is { } w && w is < 1 or > 16384)
        {
            throw new ArgumentException($"{nameof(OutputWidth)} must be between 1 and 16384 (was {w}).");
        }

        if (OutputHeight is { } h && h is < 1 or > 16384)
        {
            throw new ArgumentException($"{nameof(OutputHeight)} must be between 1 and 16384 (was {h}).");
        }

        if (TargetFps is { } fps && (!double.IsFinite(fps) || fps <= 0 || fps > 1000))
        {
            throw new ArgumentException($"{nameof(TargetFps)} must be above 0 and at most 1000 (was {fps}).");
        }

        if (OpenTimeout <= TimeSpan.Zero || OpenTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(OpenTimeout)} must be above 0 and at most 10 minutes (was {OpenTimeout}).");
        }

        if (StallTimeout <= TimeSpan.Zero || StallTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(StallTimeout)} must be above 0 and at most 10 minutes (was {StallTimeout}).");
        }

        if (!Enum.IsDefined(RtspTransport))
        {
            throw new ArgumentException($"{nameof(RtspTransport)} '{RtspTransport}' is not a transport.");
        }

        if (InputFormat is not null && (InputFormat.Length == 0 || !InputFormat.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ',')))
        {
            throw new ArgumentException($"{nameof(InputFormat)} '{InputFormat}' is not an ffmpeg format name.");
        }

        if (MaxRetainedFrames is < 1 or > 256)
        {
            throw new ArgumentException($"{nameof(MaxRetainedFrames)} must be between 1 and 256 (was {MaxRetainedFrames}).");
        }

        if (string.IsNullOrWhiteSpace(FfmpegPath))
        {
            throw new ArgumentException($"{nameof(FfmpegPath)} is required (default 'ffmpeg').");
        }
    }

    /// <summary>A copy of these options.</summary>
    public FrameSourceOptions Clone() => (FrameSourceOptions)MemberwiseClone();

    /// <summary>A description for logs, with the source's credentials redacted.</summary>
    public override string ToString() =>
        $"{SourceRedactor.Redact(Source)} (output {OutputWidth?.ToString() ?? "auto"}x{OutputHeight?.ToString() ?? "auto"}, " +
        $"fps {TargetFps?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "source"}, loop {Loop}, realtime {Realtime})";
}
