using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Imaging.Png;

/// <summary>
/// A PNG decoder for the non-interlaced images that tools and datasets write: every bit depth (1-16) of greyscale,
/// RGB, palette, grey+alpha and RGBA, decoded to 8-bit RGB (16-bit samples keep their high byte; alpha is dropped, not
/// composited). Interlaced (Adam7) images raise <see cref="NotSupportedException"/> so callers can fall back to ffmpeg.
/// </summary>
internal static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>Decodes <paramref name="data"/> into a new pooled image.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> data)
    {
        if (!IsPng(data))
        {
            throw new ImageCodecException("Not a PNG image: the signature is missing.");
        }

        var header = default(PngHeader);
        var palette = ReadOnlySpan<byte>.Empty;
        var compressed = new ArrayBufferWriter<byte>(Math.Max(1024, data.Length));
        var offset = Signature.Length;
        var sawEnd = false;
        while (offset + 12 <= data.Length && !sawEnd)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            if (length > int.MaxValue || offset + 12 + (long)length > data.Length)
            {
                throw new ImageCodecException("The PNG image is truncated (a chunk runs past the end of the data).");
            }

            var type = data.Slice(offset + 4, 4);
            var body = data.Slice(offset + 8, (int)length);
            if (type.SequenceEqual("IHDR"u8))
            {
                header = PngHeader.Parse(body);
            }
            else if (type.SequenceEqual("PLTE"u8))
            {
                palette = body;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(body);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
            }

            offset += 12 + (int)length;
        }

        if (header.Width == 0)
        {
            throw new ImageCodecException("The PNG image has no IHDR header.");
        }

        if (compressed.WrittenCount == 0)
        {
            throw new ImageCodecException("The PNG image has no pixel data (IDAT).");
        }

        if (header.ColorType == 3 && palette.Length < 3)
        {
            throw new ImageCodecException("The palette PNG image has no palette (PLTE).");
        }

        return DecodePixels(header, palette, compressed.WrittenMemory);
    }

    private static RgbImage DecodePixels(PngHeader header, ReadOnlySpan<byte> palette, ReadOnlyMemory<byte> compressed)
    {
        var rowBytes = header.RowBytes;
        var filterUnit = header.FilterUnit;
        var current = ArrayPool<byte>.Shared.Rent(rowBytes + 1);
        var previous = ArrayPool<byte>.Shared.Rent(rowBytes + 1);
        var image = new RgbImage(header.Width, header.Height);
        try
        {
            Array.Clear(previous, 0, rowBytes + 1);
            using var input = MemoryMarshal.TryGetArray(compressed, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            for (var y = 0; y < header.Height; y++)
            {
                var row = current.AsSpan(0, rowBytes + 1);
                if (zlib.ReadAtLeast(row, row.Length, throwOnEndOfStream: false) < row.Length)
                {
                    throw new ImageCodecException($"The PNG image is truncated: its pixel data ends at row {y} of {header.Height}.");
                }

                Unfilter(row[0], row[1..], previous.AsSpan(1, rowBytes), filterUnit, y);
                ToRgb(header, palette, row[1..], image.Row(y));
                (current, previous) = (previous, current);
            }

            return image;
        }
        catch (InvalidDataException e)
        {
            image.Dispose();
            throw new ImageCodecException($"The PNG image's pixel data is corrupt: {e.Message}", e);
        }
        catch
        {
            image.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(previous);
        }
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int unit, int y)
    {
        switch (filter)
        {
            case 0:
                return;
            case 1:
                for (var i = unit; i < row.Length; i++)
                {
                    row[i] += row[i - unit];
                }

                return;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                return;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= unit ? row[i - unit] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }

                return;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    int a = i >= unit ? row[i - unit] : 0, b = previous[i], c = i >= unit ? previous[i - unit] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    row[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }

                return;
            default:
                throw new ImageCodecException($"The PNG image is corrupt: unknown filter type {filter} in row {y}.");
        }
    }

    private static void ToRgb(in PngHeader header, ReadOnlySpan<byte> palette, ReadOnlySpan<byte> row, Span<byte> rgb)
    {
        var width = header.Width;
        var depth = header.BitDepth;
        switch (header.ColorType)
        {
            case 2 when depth == 8:
                row[..(width * 3)].CopyTo(rgb);
                return;
            case 2:
                for (var x = 0; x < width; x++)
                {
                    rgb[(x * 3) + 0] = row[x * 6];
                    rgb[(x * 3) + 1] = row[(x * 6) + 2];
                    rgb[(x * 3) + 2] = row[(x * 6) + 4];
                }

                return;
            case 6:
            {
                var stride = depth == 8 ? 4 : 8;
                var step = depth == 8 ? 1 : 2;
                for (var x = 0; x < width; x++)
                {
                    rgb[(x * 3) + 0] = row[x * stride];
                    rgb[(x * 3) + 1] = row[(x * stride) + step];
                    rgb[(x * 3) + 2] = row[(x * stride) + (2 * step)];
                }

                return;
            }

            case 4:
            {
                var stride = depth == 8 ? 2 : 4;
                for (var x = 0; x < width; x++)
                {
                    rgb[x * 3] = rgb[(x * 3) + 1] = rgb[(x * 3) + 2] = row[x * stride];
                }

                return;
            }

            case 0:
                for (var x = 0; x < width; x++)
                {
                    var value = depth == 16 ? row[x * 2] : ScaleToByte(Sample(row, x, depth), depth);
                    rgb[x * 3] = rgb[(x * 3) + 1] = rgb[(x * 3) + 2] = value;
                }

                return;
            case 3:
                for (var x = 0; x < width; x++)
                {
                    var index = Sample(row, x, depth) * 3;
                    if (index + 2 < palette.Length)
                    {
                        rgb[x * 3] = palette[index];
                        rgb[(x * 3) + 1] = palette[index + 1];
                        rgb[(x * 3) + 2] = palette[index + 2];
                    }
                    else
                    {
                        // Out-of-palette indices are an encoder bug; black is what most decoders show.
                        rgb[x * 3] = rgb[(x * 3) + 1] = rgb[(x * 3) + 2] = 0;
                    }
                }

                return;
        }
    }

    /// <summary>The <paramref name="x"/>-th sample of a row of 1, 2, 4 or 8-bit samples (packed, most significant bits first).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int x, int depth)
    {
        if (depth == 8)
        {
            return row[x];
        }

        var perByte = 8 / depth;
        var shift = 8 - (depth * ((x % perByte) + 1));
        return (row[x / perByte] >> shift) & ((1 << depth) - 1);
    }

    private static byte ScaleToByte(int sample, int depth) => (byte)(sample * 255 / ((1 << depth) - 1));
}
