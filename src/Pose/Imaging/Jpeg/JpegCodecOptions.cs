namespace PoseCluster.Pose.Imaging.Jpeg;

/// <summary>How <see cref="JpegCodec"/> encodes. Keep one instance per stream: encoding reads it without allocating.</summary>
public sealed class JpegCodecOptions
{
    /// <summary>The shared default options (quality 85, 4:2:0, accurate DCT). Do not modify.</summary>
    public static readonly JpegCodecOptions Default = new();

    /// <summary>Quality 1 (worst) to 100 (best). Default 85: a good size/quality balance for previews.</summary>
    public int Quality { get; set; } = 85;

    /// <summary>Chroma subsampling. Default <see cref="JpegChromaSubsampling.Yuv420"/>.</summary>
    public JpegChromaSubsampling Subsampling { get; set; } = JpegChromaSubsampling.Yuv420;

    /// <summary>Use the fast, slightly less accurate DCT. Default false; worth it only for large previews at high rates.</summary>
    public bool FastDct { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Quality is < 1 or > 100)
        {
            throw new ArgumentException($"{nameof(Quality)} must be between 1 and 100 (was {Quality}).");
        }

        if (!Enum.IsDefined(Subsampling))
        {
            throw new ArgumentException($"{nameof(Subsampling)} '{Subsampling}' is not a subsampling mode.");
        }
    }
}
