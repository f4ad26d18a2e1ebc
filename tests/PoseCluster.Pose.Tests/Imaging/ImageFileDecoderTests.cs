using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Tests.Media;

namespace PoseCluster.Pose.Tests.Imaging;

/// <summary>Still-image loading; the in-process PNG decoder is checked against ffmpeg's decode of the same files.</summary>
public sealed class ImageFileDecoderTests : IDisposable
{
    private readonly string _temp = TestAssets.TempDirectory();

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData("rgb24")]
    [InlineData("rgba")]
    [InlineData("gray")]
    [InlineData("ya8")]
    [InlineData("pal8")]
    [InlineData("rgb48be")]
    [InlineData("gray16be")]
    [InlineData("monob")]
    public void Png_pixel_formats_decode_like_ffmpeg(string pixelFormat)
    {
        var png = Path.Combine(_temp, $"{pixelFormat}.png");
        ExternalProcess.Run("ffmpeg", "-v", "error", "-i", TestAssets.Media("eval", "png", "coco_000000196141.png"),
            "-vf", "scale=97:61", "-pix_fmt", pixelFormat, "-y", png);
        using var ours = ImageFileDecoder.Load(png);
        using var ffmpegDecode = DecodeWithFfmpeg(png, 97, 61);
        Assert.Equal((97, 61), (ours.Width, ours.Height));
        Assert.True(ImageComparison.MeanAbsoluteError(ours, ffmpegDecode) < 0.75, pixelFormat);
    }

    [Fact]
    public void Interlaced_png_and_other_formats_go_through_ffmpeg()
    {
        using var original = ImageFileDecoder.Load(TestAssets.Media("video", "pets2009_like_frames", "0003.png"));
        var interlaced = Path.Combine(_temp, "adam7.png");
        InterlacedPngWriter.Write(interlaced, original);
        using var fromInterlaced = ImageFileDecoder.Load(interlaced);
        Assert.Equal(0, ImageComparison.MeanAbsoluteError(original, fromInterlaced));

        var bmp = Path.Combine(_temp, "image.bmp");
        ExternalProcess.Run("ffmpeg", "-v", "error", "-i", interlaced, "-y", bmp);
        using var fromBmp = ImageFileDecoder.Load(bmp);
        Assert.Equal(0, ImageComparison.MeanAbsoluteError(original, fromBmp));
    }

    [Fact]
    public void Errors_are_clear()
    {
        Assert.Throws<FileNotFoundException>(() => ImageFileDecoder.Load(Path.Combine(_temp, "missing.png")));
        var text = Path.Combine(_temp, "fake.png");
        File.WriteAllText(text, "not an image at all");
        var e = Assert.Throws<ImageCodecException>(() => ImageFileDecoder.Load(text));
        Assert.Contains("fake.png", e.Message, StringComparison.Ordinal);
        var truncated = Path.Combine(_temp, "truncated.png");
        var bytes = File.ReadAllBytes(TestAssets.Media("eval", "png", "coco_000000196141.png"));
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<ImageCodecException>(() => ImageFileDecoder.Load(truncated));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Throws<ImageCodecException>(() => ImageFileDecoder.Decode("GIF89a"u8));
    }

    private static RgbImage DecodeWithFfmpeg(string path, int width, int height)
    {
        var raw = Path.ChangeExtension(path, ".rgb");
        ExternalProcess.Run("ffmpeg", "-v", "error", "-i", path, "-pix_fmt", "rgb24", "-f", "rawvideo", "-y", raw);
        return RgbImage.Wrap(File.ReadAllBytes(raw), width, height);
    }
}
