using PoseCluster.Pose.Tests.Reference;
using PoseCluster.Pose.TopDown;

namespace PoseCluster.Pose.Tests.TopDown;

/// <summary>Heatmap decoding matches HRNet's argmax/quarter conventions and the DARK reference computed with OpenCV.</summary>
public sealed class HeatmapDecoderTests
{
    private const int W = 48, H = 64;

    private static float[] Gaussians(int count, int seed)
    {
        var random = new Random(seed);
        var maps = new float[count * W * H];
        for (var n = 0; n < count; n++)
        {
            // Peaks anywhere, including near borders where DARK must not refine.
            var cx = (float)(random.NextDouble() * (W - 1));
            var cy = (float)(random.NextDouble() * (H - 1));
            var sigma = 1.5f + (float)random.NextDouble();
            var amplitude = 0.3f + (float)random.NextDouble();
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var d2 = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy));
                    maps[(n * W * H) + (y * W) + x] = (amplitude * MathF.Exp(-d2 / (2 * sigma * sigma))) + (0.01f * (float)random.NextDouble());
                }
            }
        }

        return maps;
    }

    [Fact]
    public void Dark_matches_the_opencv_reference()
    {
        const int count = 40;
        var maps = Gaussians(count, seed: 11);
        var expected = OpenCvReference.Run("dark", maps, count, H, W);
        var decoder = new HeatmapDecoder(HeatmapDecoding.Dark, guardOffsets: false);
        for (var n = 0; n < count; n++)
        {
            var peak = decoder.Decode(maps.AsSpan(n * W * H, W * H), W, H);
            Assert.Equal(expected[n * 3], peak.X, 3);
            Assert.Equal(expected[(n * 3) + 1], peak.Y, 3);
            Assert.Equal(expected[(n * 3) + 2], peak.Value, 5);
        }
    }

    [Fact]
    public void Dark_recovers_subpixel_centres_better_than_argmax()
    {
        var random = new Random(5);
        double darkError = 0, argmaxError = 0;
        var dark = new HeatmapDecoder(HeatmapDecoding.Dark);
        var argmax = new HeatmapDecoder(HeatmapDecoding.Argmax);
        for (var n = 0; n < 50; n++)
        {
            var cx = 10 + (float)(random.NextDouble() * 28);
            var cy = 10 + (float)(random.NextDouble() * 44);
            var map = new float[W * H];
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    map[(y * W) + x] = MathF.Exp(-(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / 8f);
                }
            }

            var d = dark.Decode(map, W, H);
            var a = argmax.Decode(map, W, H);
            darkError += Math.Sqrt(((d.X - cx) * (d.X - cx)) + ((d.Y - cy) * (d.Y - cy)));
            argmaxError += Math.Sqrt(((a.X - cx) * (a.X - cx)) + ((a.Y - cy) * (a.Y - cy)));
        }

        Assert.True(darkError < argmaxError / 5, $"DARK mean error {darkError / 50:F3} vs argmax {argmaxError / 50:F3}");
    }

    [Fact]
    public void Guard_keeps_the_argmax_when_the_taylor_step_is_not_a_maximum_step()
    {
        // A ridge rising slowly along y with a small spike at (20, 30) as the global maximum: after smoothing, the spike
        // barely curves the log map while the ridge keeps its slope, so the Newton step runs far along the ridge.
        var map = new float[W * H];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                map[(y * W) + x] = MathF.Exp(-((x - 20) * (x - 20)) / 4f) * (1f + (0.002f * y));
            }
        }

        map[(30 * W) + 20] += 0.08f;
        var unguarded = new HeatmapDecoder(HeatmapDecoding.Dark, guardOffsets: false).Decode(map, W, H);
        var guarded = new HeatmapDecoder(HeatmapDecoding.Dark).Decode(map, W, H);
        Assert.Equal(20f, MathF.Round(unguarded.X));
        Assert.True(MathF.Abs(unguarded.Y - 30) > 1, $"the unguarded step should leave the cell (got y = {unguarded.Y})");
        Assert.Equal((20f, 30f), (guarded.X, guarded.Y));
    }

    [Fact]
    public void Quarter_shifts_toward_the_higher_neighbour()
    {
        var map = new float[W * H];
        map[(20 * W) + 10] = 1f;
        map[(20 * W) + 11] = 0.5f;
        map[(19 * W) + 10] = 0.4f;
        var peak = new HeatmapDecoder(HeatmapDecoding.Quarter).Decode(map, W, H);
        Assert.Equal(10.25f, peak.X);
        Assert.Equal(19.75f, peak.Y);
        Assert.Equal(1f, peak.Value);
    }

    [Fact]
    public void Non_positive_maximum_decodes_to_the_origin_like_hrnet()
    {
        var map = Enumerable.Repeat(-1f, W * H).ToArray();
        map[(30 * W) + 20] = -0.5f;
        var peak = new HeatmapDecoder(HeatmapDecoding.Dark).Decode(map, W, H);
        Assert.Equal((0f, 0f, -0.5f), (peak.X, peak.Y, peak.Value));
    }
}
