namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>What <see cref="FfmpegVideoWriter"/> writes.</summary>
public sealed class FfmpegVideoWriterOptions
{
    /// <summary>The output file (its extension picks the container, e.g. .mp4). Its folder must exist. Required.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Frame width in pixels. Required.</summary>
    public int Width { get; set; }

    /// <summary>Frame height in pixels. Required.</summary>
    public int Height { get; set; }

    /// <summary>Frame rate of the file. Default 25.</summary>
    public double FramesPerSecond { get; set; } = 25;

    /// <summary>
    /// The ffmpeg encoder. Default null: libx264 when the ffmpeg build has it, else mpeg4 (always built in).
    /// </summary>
    public string? Encoder { get; set; }

    /// <summary>
    /// Quality as an x264 CRF: 0 (lossless) to 51 (worst); 18 looks lossless, 23 is x264's default. For mpeg4 it maps to
    /// a quantiser of CRF / 5. Default 23.
    /// </summary>
    public int Crf { get; set; } = 23;

    /// <summary>The ffmpeg executable. Default <c>ffmpeg</c>.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException($"{nameof(Path)} is required: the video file to write.");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new ArgumentException($"The folder of {nameof(Path)} '{Path}' does not exist.");
        }

        if (Width is < 1 or > 16384 || Height is < 1 or > 16384)
        {
            throw new ArgumentException($"{nameof(Width)} and {nameof(Height)} must be between 1 and 16384 (were {Width}x{Height}).");
        }

        if (!double.IsFinite(FramesPerSecond) || FramesPerSecond <= 0 || FramesPerSecond > 1000)
        {
            throw new ArgumentException($"{nameof(FramesPerSecond)} must be above 0 and at most 1000 (was {FramesPerSecond}).");
        }

        if (Encoder is not null && (Encoder.Length == 0 || !Encoder.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new ArgumentException($"{nameof(Encoder)} '{Encoder}' is not an ffmpeg encoder name.");
        }

        if (Crf is < 0 or > 51)
        {
            throw new ArgumentException($"{nameof(Crf)} must be between 0 and 51 (was {Crf}).");
        }

        if (string.IsNullOrWhiteSpace(FfmpegPath))
        {
            throw new ArgumentException($"{nameof(FfmpegPath)} is required (default 'ffmpeg').");
        }
    }

    /// <summary>A copy of these options.</summary>
    public FfmpegVideoWriterOptions Clone() => (FfmpegVideoWriterOptions)MemberwiseClone();
}
