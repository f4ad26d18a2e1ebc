using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Tests.Media;

/// <summary>Pixel statistics between two same-sized images.</summary>
internal static class ImageComparison
{
    public static double MeanAbsoluteError(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var pa = a.Pixels;
        var pb = b.Pixels;
        long sum = 0;
        for (var i = 0; i < pa.Length; i++)
        {
            sum += Math.Abs(pa[i] - pb[i]);
        }

        return (double)sum / pa.Length;
    }

    public static double Psnr(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var pa = a.Pixels;
        var pb = b.Pixels;
        double sum = 0;
        for (var i = 0; i < pa.Length; i++)
        {
            var d = pa[i] - pb[i];
            sum += d * d;
        }

        var mse = sum / pa.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
