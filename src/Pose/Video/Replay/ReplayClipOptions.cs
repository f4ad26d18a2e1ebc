namespace PoseCluster.Pose.Video.Replay;

/// <summary>Which video a <see cref="ReplayClip"/> holds and how much of it.</summary>
public sealed class ReplayClipOptions
{
    /// <summary>The video file to decode (any source <see cref="FrameSourceFactory"/> reads; credentials are redacted). Required.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Width to scale the frames to (keeps the aspect ratio). Default null: the video's own width.</summary>
    public int? OutputWidth { get; set; }

    /// <summary>
    /// Most frames kept in memory (the loop length). Default 250 (25 s of a 10 fps video, about 130 MB at 480x360): every
    /// frame is held decoded, so memory is frames x width x height x 3 bytes.
    /// </summary>
    public int MaxFrames { get; set; } = 250;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new ArgumentException($"{nameof(Source)} is required: the video to replay.");
        }

        if (OutputWidth is { } w && w is < 16 or > 8192)
        {
            throw new ArgumentException($"{nameof(OutputWidth)} must be between 16 and 8192 (was {w}).");
        }

        if (MaxFrames is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(MaxFrames)} must be between 1 and 100000 (was {MaxFrames}).");
        }
    }

    /// <summary>The cache key of these options.</summary>
    internal string Key => $"{Source}|{OutputWidth}|{MaxFrames}";
}
