using System.Buffers.Binary;

namespace PoseCluster.Pose.Imaging.Png;

/// <summary>The IHDR chunk of a PNG image.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType)
{
    /// <summary>Channels per pixel of the colour type.</summary>
    public int Channels => ColorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    /// <summary>Bytes per row of unfiltered data (without the filter byte).</summary>
    public int RowBytes => checked((int)(((long)Width * Channels * BitDepth + 7) / 8));

    /// <summary>Bytes per complete pixel, at least 1: the distance filters look back.</summary>
    public int FilterUnit => Math.Max(1, Channels * BitDepth / 8);

    /// <summary>Parses and validates an IHDR body.</summary>
    public static PngHeader Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < 13)
        {
            throw new ImageCodecException("The PNG image's IHDR header is truncated.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8], colorType = body[9], compression = body[10], filter = body[11], interlace = body[12];
        if (width == 0 || height == 0 || width > 65535 || height > 65535 || width * (long)height * 3 > Array.MaxLength)
        {
            throw new ImageCodecException($"The PNG image has an unusable size {width}x{height}.");
        }

        var validDepth = colorType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!validDepth || compression != 0 || filter != 0)
        {
            throw new ImageCodecException($"The PNG image is invalid: colour type {colorType}, bit depth {depth}, compression {compression}, filter {filter}.");
        }

        if (interlace != 0)
        {
            throw new NotSupportedException("Interlaced (Adam7) PNG images are decoded through ffmpeg.");
        }

        return new PngHeader((int)width, (int)height, depth, colorType);
    }
}
