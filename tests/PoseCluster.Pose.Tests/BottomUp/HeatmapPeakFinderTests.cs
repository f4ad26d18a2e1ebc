using PoseCluster.Pose.BottomUp;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>Peak extraction follows Lightweight OpenPose's <c>extract_keypoints</c> and block skipping loses nothing.</summary>
public sealed class HeatmapPeakFinderTests
{
    private static KeypointPeak[] Find(float[] map, int w, int h, int factor = 1, MapInterpolation interpolation = MapInterpolation.Linear, float threshold = 0.1f, float distance = 6f)
    {
        var finder = new HeatmapPeakFinder(new UpsamplingKernel(factor, interpolation), threshold, distance);
        var peaks = new KeypointPeak[4];
        var n = finder.Find(map, w, h, ref peaks, 0);
        return peaks[..n];
    }

    [Fact]
    public void Finds_strict_maxima_above_threshold_sorted_by_x()
    {
        const int w = 20, h = 10;
        var map = new float[w * h];
        map[(2 * w) + 15] = 0.9f; // right
        map[(7 * w) + 3] = 0.5f;  // left
        map[(5 * w) + 9] = 0.05f; // below the threshold: zeroed
        map[(8 * w) + 12] = 0.4f; // plateau of two: neither is strictly greater
        map[(8 * w) + 13] = 0.4f;
        map[(0 * w) + 0] = 0.3f;  // corner: compared with zeros outside

        var peaks = Find(map, w, h);
        Assert.Equal([new KeypointPeak(0, 0, 0.3f), new KeypointPeak(3, 7, 0.5f), new KeypointPeak(15, 2, 0.9f)], peaks);
    }

    [Fact]
    public void Drops_peaks_within_the_minimum_distance_of_a_kept_earlier_one()
    {
        const int w = 30, h = 10;
        var map = new float[w * h];
        map[(5 * w) + 2] = 0.2f;  // kept first (smallest x) although weaker
        map[(5 * w) + 6] = 0.9f;  // 4 px from it: dropped
        map[(0 * w) + 6] = 0.8f;  // sqrt(16 + 25) > 6 from the first: kept
        map[(5 * w) + 11] = 0.7f; // 5 px from the dropped one, 9 from the kept: kept (only kept peaks suppress)
        map[(9 * w) + 11] = 0.6f; // same x as the one above, larger y: sorted after it, 4 px away: dropped

        var peaks = Find(map, w, h);
        Assert.Equal([new KeypointPeak(2, 5, 0.2f), new KeypointPeak(6, 0, 0.8f), new KeypointPeak(11, 5, 0.7f)], peaks);
    }

    [Theory]
    [InlineData(4, MapInterpolation.Cubic)]
    [InlineData(8, MapInterpolation.Cubic)]
    [InlineData(4, MapInterpolation.Linear)]
    public void Block_skipping_finds_the_same_peaks_as_a_full_upsampling(int factor, MapInterpolation interpolation)
    {
        const int w = 40, h = 30;
        var random = new Random(factor * 7);
        var map = new float[w * h];
        for (var blob = 0; blob < 25; blob++)
        {
            var cx = random.NextDouble() * w;
            var cy = random.NextDouble() * h;
            var amplitude = 0.05 + (random.NextDouble() * 0.9);
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    map[(y * w) + x] += (float)(amplitude * Math.Exp(-(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) / 1.5));
                }
            }
        }

        for (var i = 0; i < map.Length; i++)
        {
            map[i] += (float)(random.NextDouble() * 0.01) - 0.005f; // background noise, partly negative
        }

        var actual = Find(map, w, h, factor, interpolation, distance: 2f);

        // Brute force: upsample everything, threshold, 4-neighbour strict maxima, sort by (x, y), greedy suppression.
        var kernel = new UpsamplingKernel(factor, interpolation);
        int ow = w * factor, oh = h * factor;
        var up = new float[ow * oh];
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                var v = kernel.Sample(map, w, h, x, y);
                up[(y * ow) + x] = v < 0.1f ? 0f : v;
            }
        }

        float At(int x, int y) => x < 0 || y < 0 || x >= ow || y >= oh ? 0f : up[(y * ow) + x];
        var raw = new List<KeypointPeak>();
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                var c = At(x, y);
                if (c > At(x - 1, y) && c > At(x + 1, y) && c > At(x, y - 1) && c > At(x, y + 1))
                {
                    raw.Add(new KeypointPeak(x, y, c));
                }
            }
        }

        var sorted = raw.OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        var kept = new List<KeypointPeak>();
        var suppressed = new bool[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            if (suppressed[i])
            {
                continue;
            }

            for (var j = i + 1; j < sorted.Count; j++)
            {
                if (Math.Sqrt(Math.Pow(sorted[i].X - sorted[j].X, 2) + Math.Pow(sorted[i].Y - sorted[j].Y, 2)) < 2)
                {
                    suppressed[j] = true;
                }
            }

            kept.Add(sorted[i]);
        }

        Assert.True(kept.Count > 10, "the synthetic map should have many peaks");
        Assert.Equal(kept.Count, actual.Length);
        for (var i = 0; i < kept.Count; i++)
        {
            Assert.Equal(kept[i].X, actual[i].X);
            Assert.Equal(kept[i].Y, actual[i].Y);
            Assert.Equal(kept[i].Score, actual[i].Score, 5);
        }
    }
}
