namespace PoseCluster.Pose.Video;

/// <summary>A parsed source string: its kind, what ffmpeg is given, and a redacted name for everything else.</summary>
internal sealed record SourceAddress(SourceKind Kind, string Target, string DisplayName, IReadOnlyList<string> Secrets)
{
    /// <summary>File extensions read as still images (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".ppm", ".pgm",
    };

    /// <summary>True for network cameras.</summary>
    public bool IsLive => Kind is SourceKind.Rtsp or SourceKind.Http;

    /// <summary>
    /// Parses <paramref name="source"/>; throws <see cref="FrameSourceException"/> (<see cref="FrameSourceErrorKind.Unsupported"/>)
    /// for an unknown scheme and (<see cref="FrameSourceErrorKind.NotFound"/>) for a local path that does not exist.
    /// </summary>
    public static SourceAddress Parse(string source)
    {
        var trimmed = source.Trim();
        var display = SourceRedactor.Redact(trimmed);
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            var scheme = trimmed[..schemeEnd].ToLowerInvariant();
            switch (scheme)
            {
                case "rtsp" or "rtsps":
                    return new SourceAddress(SourceKind.Rtsp, trimmed, display, SourceRedactor.SecretsOf(trimmed));
                case "http" or "https":
                    return new SourceAddress(SourceKind.Http, trimmed, display, SourceRedactor.SecretsOf(trimmed));
                case "file":
                    if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
                    {
                        throw new FrameSourceException(FrameSourceErrorKind.NotFound, display, $"'{display}' is not a valid file URI.");
                    }

                    return ForPath(uri.LocalPath);
                default:
                    throw new FrameSourceException(
                        FrameSourceErrorKind.Unsupported,
                        display,
                        $"The source '{display}' uses the scheme '{scheme}://', which is not supported: use a file path, " +
                        "file://, rtsp://, rtsps://, http:// or https://.");
            }
        }

        return ForPath(trimmed);
    }

    private static SourceAddress ForPath(string path)
    {
        var full = Path.GetFullPath(path);
        var display = SourceRedactor.Redact(full);
        if (Directory.Exists(full))
        {
            return new SourceAddress(SourceKind.ImageFolder, full, display, []);
        }

        if (!File.Exists(full))
        {
            throw new FrameSourceException(
                FrameSourceErrorKind.NotFound,
                display,
                $"The video or image '{display}' does not exist. Check the path (relative paths resolve against '{SourceRedactor.Redact(Directory.GetCurrentDirectory())}').");
        }

        var kind = ImageExtensions.Contains(Path.GetExtension(full)) ? SourceKind.ImageFile : SourceKind.VideoFile;
        return new SourceAddress(kind, full, display, []);
    }
}
