using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Imaging.Jpeg;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>Small synthetic JPEG frames for the in-process MJPEG camera.</summary>
internal static class TestJpegFrames
{
    public static byte[][] Create(int count, int width = 160, int height = 120)
    {
        var frames = new byte[count][];
        using var image = new RgbImage(width, height);
        for (var i = 0; i < count; i++)
        {
            var pixels = image.Pixels;
            for (var p = 0; p < pixels.Length; p += 3)
            {
                var x = p / 3 % width;
                pixels[p] = (byte)(i * 40);
                pixels[p + 1] = (byte)(x * 255 / width);
                pixels[p + 2] = 128;
            }

            var buffer = new byte[JpegCodec.MaxEncodedLength(width, height)];
            var length = JpegCodec.Encode(image, buffer);
            frames[i] = buffer[..length];
        }

        return frames;
    }
}
