using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.Pose.Video;

/// <summary>Opens the right <see cref="IFrameSource"/> for a source string.</summary>
public static class FrameSourceFactory
{
    /// <summary>
    /// Validates <paramref name="options"/> and returns a source for them, chosen by the source string: a folder or
    /// image file (jpg, png, bmp, webp, tif, ppm/pgm) reads still images; any other file, and <c>rtsp://</c>,
    /// <c>rtsps://</c>, <c>http://</c>, <c>https://</c> URLs decode video through ffmpeg. Local paths are checked
    /// now; the source itself opens on its first read (so <see cref="IFrameSource.Info"/> is null until then).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="FrameSourceException">
    /// The path does not exist (<see cref="FrameSourceErrorKind.NotFound"/>) or the scheme is not supported
    /// (<see cref="FrameSourceErrorKind.Unsupported"/>).
    /// </exception>
    public static IFrameSource Open(FrameSourceOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // A private copy: a caller changing its options object later must not change a running source.
        var own = options.Clone();
        var address = SourceAddress.Parse(own.Source);
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        return address.Kind switch
        {
            SourceKind.ImageFile or SourceKind.ImageFolder =>
                new ImageFolderFrameSource(own, address, factory.CreateLogger<ImageFolderFrameSource>()),
            _ => new FfmpegFrameSource(own, address, factory.CreateLogger<FfmpegFrameSource>()),
        };
    }
}
