using System.Buffers;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Imaging.Jpeg;
using PoseCluster.Pose.Tests.Media;

namespace PoseCluster.Pose.Tests.Imaging;

public sealed class JpegCodecTests
{
    [Fact]
    public void Round_trip_of_a_real_frame_at_quality_90_keeps_psnr_above_30_db()
    {
        using var original = ImageFileDecoder.Load(TestAssets.Media("video", "pets2009_like_frames", "0000.png"));
        var writer = new ArrayBufferWriter<byte>();
        var length = JpegCodec.Encode(original, writer, new JpegCodecOptions { Quality = 90 });
        Assert.Equal(length, writer.WrittenCount);
        Assert.InRange(length, 5_000, 200_000);
        Assert.Equal((480, 360), JpegCodec.ReadSize(writer.WrittenSpan));

        using var decoded = JpegCodec.Decode(writer.WrittenSpan);
        var psnr = ImageComparison.Psnr(original, decoded);
        Assert.True(psnr > 30, $"PSNR {psnr:0.0} dB");
    }

    [Fact]
    public void Lower_quality_gives_smaller_files_and_444_keeps_more_colour()
    {
        using var original = ImageFileDecoder.Load(TestAssets.Media("eval", "png", "coco_000000000785.png"));
        var buffer = new byte[JpegCodec.MaxEncodedLength(original.Width, original.Height, JpegChromaSubsampling.Yuv444)];
        var q50 = JpegCodec.Encode(original, buffer, new JpegCodecOptions { Quality = 50 });
        var q95 = JpegCodec.Encode(original, buffer, new JpegCodecOptions { Quality = 95 });
        Assert.True(q50 < q95);
        var full = JpegCodec.Encode(original, buffer, new JpegCodecOptions { Quality = 95, Subsampling = JpegChromaSubsampling.Yuv444 });
        using var decoded = JpegCodec.Decode(buffer.AsSpan(0, full));
        Assert.True(ImageComparison.Psnr(original, decoded) > 38);
    }

    [Fact]
    public void Eval_jpegs_decode_like_their_png_copies()
    {
        foreach (var jpeg in Directory.GetFiles(TestAssets.Media("eval", "images"), "*.jpg"))
        {
            var png = TestAssets.Media("eval", "png", Path.GetFileNameWithoutExtension(jpeg) + ".png");
            using var fromJpeg = JpegCodec.Decode(File.ReadAllBytes(jpeg));
            using var reference = ImageFileDecoder.Load(png);
            var error = ImageComparison.MeanAbsoluteError(fromJpeg, reference);
            Assert.True(error < 0.5, $"{Path.GetFileName(jpeg)}: mean absolute error {error:0.000}");
        }
    }

    [Fact]
    public void Decoding_into_an_existing_image_reuses_it()
    {
        var bytes = File.ReadAllBytes(TestAssets.Media("eval", "images", "coco8pose_000000000110.jpg"));
        using var target = new RgbImage(1000, 1000);
        JpegCodec.Decode(bytes, target);
        Assert.Equal((640, 480), (target.Width, target.Height));
    }

    [Fact]
    public void Garbage_bytes_and_small_buffers_give_clear_errors()
    {
        var e = Assert.Throws<ImageCodecException>(() => JpegCodec.Decode("definitely not a jpeg"u8));
        Assert.Contains("Not a JPEG", e.Message, StringComparison.Ordinal);
        Assert.Throws<ImageCodecException>(() => JpegCodec.Decode([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 1, 2, 3]));
        Assert.Throws<ImageCodecException>(() => JpegCodec.Decode([]));

        using var image = new RgbImage(64, 64);
        var tooSmall = Assert.Throws<ArgumentException>(() => JpegCodec.Encode(image, new byte[100]));
        Assert.Contains("MaxEncodedLength", tooSmall.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => JpegCodec.Encode(image, new byte[100_000], new JpegCodecOptions { Quality = 0 }));
    }

    [Fact]
    public void Truncated_jpeg_still_decodes_as_far_as_it_goes()
    {
        var bytes = File.ReadAllBytes(TestAssets.Media("eval", "images", "coco8pose_000000000110.jpg"));
        using var image = JpegCodec.Decode(bytes.AsSpan(0, bytes.Length / 2));
        Assert.Equal((640, 480), (image.Width, image.Height));
    }

    [Fact]
    public void Steady_state_encode_and_decode_allocate_nothing()
    {
        using var original = ImageFileDecoder.Load(TestAssets.Media("video", "pets2009_like_frames", "0002.png"));
        using var decoded = new RgbImage(original.Width, original.Height);
        var writer = new ArrayBufferWriter<byte>(JpegCodec.MaxEncodedLength(original.Width, original.Height));
        var options = new JpegCodecOptions { Quality = 80 };
        for (var i = 0; i < 2; i++)
        {
            writer.ResetWrittenCount();
            JpegCodec.Encode(original, writer, options);
            JpegCodec.Decode(writer.WrittenSpan, decoded);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            writer.ResetWrittenCount();
            JpegCodec.Encode(original, writer, options);
            JpegCodec.Decode(writer.WrittenSpan, decoded);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Codec_is_thread_safe()
    {
        using var original = ImageFileDecoder.Load(TestAssets.Media("video", "pets2009_like_frames", "0001.png"));
        var reference = new byte[JpegCodec.MaxEncodedLength(original.Width, original.Height)];
        var referenceLength = JpegCodec.Encode(original, reference);
        Parallel.For(0, 16, _ =>
        {
            var buffer = new byte[reference.Length];
            var length = JpegCodec.Encode(original, buffer);
            Assert.True(buffer.AsSpan(0, length).SequenceEqual(reference.AsSpan(0, referenceLength)));
            using var decoded = JpegCodec.Decode(buffer.AsSpan(0, length));
            Assert.Equal(original.Width, decoded.Width);
        });
    }
}
