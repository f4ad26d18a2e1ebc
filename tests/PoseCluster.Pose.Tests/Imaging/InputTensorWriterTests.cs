using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.Pose.Tests.Reference;

namespace PoseCluster.Pose.Tests.Imaging;

/// <summary>Pre-processing matches OpenCV's resize/warpAffine (within the 1-level rounding of its fixed-point weights).</summary>
public sealed class InputTensorWriterTests
{
    private static RgbImage RandomImage(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        var random = new Random(seed);

        // Smooth content plus noise: bilinear differences show on gradients, not only on noise.
        var pixels = image.Pixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)((x * 255 / width + random.Next(32)) & 0xFF);
                pixels[i + 1] = (byte)((y * 255 / height + random.Next(32)) & 0xFF);
                pixels[i + 2] = (byte)random.Next(256);
            }
        }

        return image;
    }

    private static InputContract RawNhwc(int width, int height, float pad) => new()
    {
        Name = "x",
        Layout = TensorLayout.Nhwc,
        ElementType = TensorElementType.Float,
        Width = width,
        Height = height,
        ChannelOrder = ChannelOrder.Rgb,
        PadValue = pad,
    };

    [Theory]
    [InlineData(640, 425, 416, 416, PadAnchor.TopLeft, 114)]
    [InlineData(1280, 720, 448, 256, PadAnchor.Centre, 0)]
    [InlineData(300, 500, 432, 368, PadAnchor.Centre, 128)]
    [InlineData(100, 80, 416, 416, PadAnchor.TopLeft, 114)]
    public void Letterbox_matches_opencv_resize_and_pad(int sw, int sh, int dw, int dh, PadAnchor anchor, int pad)
    {
        using var image = RandomImage(sw, sh, seed: sw + sh);
        var writer = new InputTensorWriter(RawNhwc(dw, dh, pad));
        var ours = new float[dw * dh * 3];
        writer.Write(image, SamplingPlan.Letterbox(sw, sh, dw, dh, anchor), ours);

        var expected = OpenCvReference.Run("letterbox", image.Pixels.ToArray(), sw, sh, dw, dh, anchor == PadAnchor.Centre ? "centre" : "topleft", pad);

        // cv2.resize quantises its weights to 11 bits: at most one grey level apart, rarely.
        AssertClose(expected, ours, maxDifference: 1f, maxMeanDifference: 0.15);
    }

    [Theory]
    [InlineData(640, 425, 192, 256, 320.5f, 200.25f, 150f)]
    [InlineData(640, 425, 256, 256, 30f, 20f, 240f)]
    [InlineData(640, 425, 192, 256, 600f, 400f, 500f)]
    public void Crop_matches_opencv_warp_affine(int sw, int sh, int dw, int dh, float cx, float cy, float regionWidth)
    {
        using var image = RandomImage(sw, sh, seed: 7);
        var writer = new InputTensorWriter(RawNhwc(dw, dh, 0));
        var ours = new float[dw * dh * 3];
        writer.Write(image, SamplingPlan.Crop(cx, cy, regionWidth, dw, dh), ours);

        var expected = OpenCvReference.Run("crop", image.Pixels.ToArray(), sw, sh, dw, dh, cx, cy, regionWidth, 0);

        // cv2.warpAffine snaps sample positions to 1/32 px: on this noisy test image (gradients up to ~255 levels per
        // pixel) that moves values by a few levels at most, and by well under one level on average.
        AssertClose(expected, ours, maxDifference: 8f, maxMeanDifference: 0.5);
    }

    [Fact]
    public void Nchw_bgr_normalised_packing_matches_the_contract()
    {
        using var image = RandomImage(64, 48, seed: 3);
        var contract = new InputContract
        {
            Name = "x",
            Layout = TensorLayout.Nchw,
            Width = 64,
            Height = 48,
            ChannelOrder = ChannelOrder.Bgr,
            Mean = [10f, 20f, 30f],
            Std = [2f, 4f, 8f],
        };
        var tensor = new float[64 * 48 * 3];
        new InputTensorWriter(contract).Write(image, SamplingPlan.Stretch(64, 48, 64, 48), tensor);

        // Identity size: every value is the source pixel, channel-swapped and normalised.
        var plane = 64 * 48;
        for (var i = 0; i < plane; i += 97)
        {
            var (r, g, b) = (image.Pixels[i * 3], image.Pixels[(i * 3) + 1], image.Pixels[(i * 3) + 2]);
            Assert.Equal((b - 10f) / 2f, tensor[i], 4);
            Assert.Equal((g - 20f) / 4f, tensor[plane + i], 4);
            Assert.Equal((r - 30f) / 8f, tensor[(2 * plane) + i], 4);
        }
    }

    [Fact]
    public void Int32_output_holds_raw_rounded_pixels()
    {
        using var image = RandomImage(320, 180, seed: 5);
        var contract = RawNhwc(256, 256, 0) with { ElementType = TensorElementType.Int32 };
        var ints = new int[256 * 256 * 3];
        var floats = new float[256 * 256 * 3];
        var plan = SamplingPlan.Letterbox(320, 180, 256, 256, PadAnchor.Centre);
        new InputTensorWriter(contract).Write(image, plan, ints);
        new InputTensorWriter(RawNhwc(256, 256, 0)).Write(image, plan, floats);
        for (var i = 0; i < ints.Length; i++)
        {
            Assert.Equal(floats[i], ints[i]);
        }
    }

    private static void AssertClose(float[] expected, float[] actual, float maxDifference, double maxMeanDifference)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        double sum = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = MathF.Abs(expected[i] - actual[i]);
            worst = MathF.Max(worst, d);
            sum += d;
        }

        var mean = sum / expected.Length;
        Assert.True(worst <= maxDifference, $"max difference {worst} grey levels (mean {mean:F4})");
        Assert.True(mean <= maxMeanDifference, $"mean difference {mean:F4} grey levels (max {worst})");
    }
}
