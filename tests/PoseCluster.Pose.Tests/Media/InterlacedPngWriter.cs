using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>Writes an Adam7-interlaced RGB PNG (ffmpeg's encoder cannot, and no imaging tool is installed).</summary>
internal static class InterlacedPngWriter
{
    private static readonly (int X, int Y, int Dx, int Dy)[] Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static void Write(string path, RgbImage image)
    {
        var raw = new MemoryStream();
        foreach (var (x0, y0, dx, dy) in Passes)
        {
            if (x0 >= image.Width || y0 >= image.Height)
            {
                continue;
            }

            for (var y = y0; y < image.Height; y += dy)
            {
                raw.WriteByte(0); // filter: none
                var row = image.Row(y);
                for (var x = x0; x < image.Width; x += dx)
                {
                    raw.Write(row.Slice(x * 3, 3));
                }
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        header[12] = 1; // Adam7
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typeAndData));
        stream.Write(length);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
