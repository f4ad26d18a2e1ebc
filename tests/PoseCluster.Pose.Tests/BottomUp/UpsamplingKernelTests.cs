using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Tests.Reference;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>Sampling the upsampling kernel at one pixel equals OpenCV's full <c>cv2.resize</c> there.</summary>
public sealed class UpsamplingKernelTests
{
    [Theory]
    [InlineData(4, MapInterpolation.Cubic)]
    [InlineData(4, MapInterpolation.Linear)]
    [InlineData(8, MapInterpolation.Cubic)]
    [InlineData(8, MapInterpolation.Linear)]
    public void Sample_equals_cv2_resize(int factor, MapInterpolation interpolation)
    {
        const int n = 2, h = 9, w = 13;
        var random = new Random(factor);
        var maps = new float[n * h * w];
        for (var i = 0; i < maps.Length; i++)
        {
            maps[i] = (float)((random.NextDouble() * 2) - 0.5);
        }

        var expected = OpenCvReference.Run("upsample", maps, n, h, w, factor, interpolation == MapInterpolation.Cubic ? "cubic" : "linear");
        var kernel = new UpsamplingKernel(factor, interpolation);
        int oh = h * factor, ow = w * factor;
        for (var m = 0; m < n; m++)
        {
            var map = maps.AsSpan(m * h * w, h * w);
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    var e = expected[(m * oh * ow) + (y * ow) + x];
                    Assert.True(Math.Abs(e - kernel.Sample(map, w, h, x, y)) < 1e-5, $"map {m} ({x},{y}): cv2 {e}, kernel {kernel.Sample(map, w, h, x, y)}");
                    kernel.SamplePair(map, map, w, h, x, y, out var a, out var b);
                    Assert.True(Math.Abs(kernel.Sample(map, w, h, x, y) - a) < 1e-5f);
                    Assert.Equal(a, b);
                }
            }
        }
    }

    [Fact]
    public void Gain_bounds_every_phase()
    {
        var kernel = new UpsamplingKernel(4, MapInterpolation.Cubic);
        for (var r = 0; r < 4; r++)
        {
            var sum = 0f;
            foreach (var w in kernel.Weights(r))
            {
                sum += MathF.Abs(w);
            }

            Assert.True(sum <= kernel.Gain + 1e-6f);
        }

        Assert.True(kernel.Gain > 1f, "cubic weights have negative lobes, so the gain exceeds 1");
        Assert.Equal(1f, new UpsamplingKernel(4, MapInterpolation.Linear).Gain, 6);
    }
}
