using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using PoseCluster.Pose.Imaging.Jpeg;
using PoseCluster.Pose.Imaging.Png;
using PoseCluster.Pose.Video;
using PoseCluster.Pose.Video.Ffmpeg;

namespace PoseCluster.Pose.Imaging;

/// <summary>
/// Loads still images (evaluation sets, uploads) as RGB: JPEG in-process through libturbojpeg (the same decoder
/// OpenCV and Pillow use, so pixels match their reference decodes), non-interlaced PNG in-process through a small
/// zlib-based decoder, and anything else (BMP, WebP, TIFF, interlaced PNG) through an ffmpeg run. EXIF orientation is
/// not applied: pixels come as stored, which is what COCO annotations refer to.
/// </summary>
public static class ImageFileDecoder
{
    private static readonly TimeSpan FfmpegTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Loads <paramref name="path"/> into a new pooled image (the caller disposes it).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ImageCodecException">The file is not a readable image (the message says why).</exception>
    public static RgbImage Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The image '{path}' does not exist.", path);
        }

        byte[] buffer;
        int length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            if (stream.Length > Array.MaxLength)
            {
                throw new ImageCodecException($"The image '{path}' is too large ({stream.Length} bytes).");
            }

            length = (int)stream.Length;
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
            stream.ReadExactly(buffer, 0, length);
        }

        try
        {
            var data = buffer.AsSpan(0, length);
            if (IsJpeg(data))
            {
                return Wrap(path, () => JpegCodec.Decode(buffer.AsSpan(0, length)));
            }

            if (PngDecoder.IsPng(data))
            {
                try
                {
                    return Wrap(path, () => PngDecoder.Decode(buffer.AsSpan(0, length)));
                }
                catch (NotSupportedException)
                {
                    return DecodeWithFfmpeg(path);
                }
            }

            return DecodeWithFfmpeg(path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes an in-memory JPEG or PNG image into a new pooled image.</summary>
    /// <exception cref="ImageCodecException">The data is neither, or is damaged.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> data)
    {
        if (IsJpeg(data))
        {
            return JpegCodec.Decode(data);
        }

        if (PngDecoder.IsPng(data))
        {
            try
            {
                return PngDecoder.Decode(data);
            }
            catch (NotSupportedException e)
            {
                throw new ImageCodecException($"{e.Message} Load it from a file instead.", e);
            }
        }

        throw new ImageCodecException("The data is neither a JPEG nor a PNG image.");
    }

    private static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    private static RgbImage Wrap(string path, Func<RgbImage> decode)
    {
        try
        {
            return decode();
        }
        catch (ImageCodecException e)
        {
            throw new ImageCodecException($"The image '{path}' could not be decoded: {e.Message}", e);
        }
    }

    private static RgbImage DecodeWithFfmpeg(string path)
    {
        try
        {
            var (image, _) = FfmpegPictureDecoder.DecodeAsync(
                "ffmpeg", path, null, null, FfmpegTimeout, static (w, h) => new RgbImage(w, h), NullLogger.Instance, CancellationToken.None)
                .GetAwaiter().GetResult();
            return image;
        }
        catch (FrameSourceException e)
        {
            throw new ImageCodecException($"The image '{path}' is not a JPEG or PNG and ffmpeg could not decode it: {e.Message}", e);
        }
    }
}
