using PoseCluster.Pose.BottomUp;

namespace PoseCluster.Benchmarks;

/// <summary>
/// OpenPose-style maps of N stick figures on a grid (Gaussian keypoint blobs, unit fields along the limbs), for the
/// scaling benchmark: everything but the number of people stays the same.
/// </summary>
internal static class SyntheticCrowd
{
    // OpenPose-18 keypoints of a figure about 11 cells tall, relative to its centre (cells).
    private static readonly (float X, float Y)[] Figure =
    [
        (0f, -5f), (0f, -3.5f), (-1.5f, -3.5f), (-2f, -1.5f), (-2.2f, 0.3f), (1.5f, -3.5f), (2f, -1.5f), (2.2f, 0.3f),
        (-0.8f, 0.5f), (-0.9f, 3f), (-1f, 5.5f), (0.8f, 0.5f), (0.9f, 3f), (1f, 5.5f), (-0.5f, -5.5f), (0.5f, -5.5f),
        (-1.1f, -5.2f), (1.1f, -5.2f),
    ];

    /// <summary>Maps [channels, height, width] with <paramref name="people"/> figures (at most 60 on a 10 x 6 grid).</summary>
    public static float[] Maps(PafDecoderOptions options, int people, int width, int height, int channels)
    {
        var maps = new float[channels * width * height];
        var plane = width * height;
        for (var p = 0; p < people; p++)
        {
            // Off the cell grid: a blob centred exactly between upsampled pixels has two equal maxima and no strict peak.
            var cx = 8.17f + (16f * (p % 10)) + (0.05f * (p % 7));
            var cy = 7.29f + (15f * (p / 10)) + (0.04f * (p % 5));
            for (var k = 0; k < options.Keypoints; k++)
            {
                var (fx, fy) = Figure[k];
                Blob(maps.AsSpan(k * plane, plane), width, height, cx + fx + (0.03f * k), cy + fy + (0.02f * k));
            }

            foreach (var limb in options.Limbs)
            {
                var a = Figure[limb.A];
                var b = Figure[limb.B];
                Field(maps, width, height, limb, cx + a.X + (0.03f * limb.A), cy + a.Y + (0.02f * limb.A), cx + b.X + (0.03f * limb.B), cy + b.Y + (0.02f * limb.B));
            }
        }

        return maps;
    }

    private static void Blob(Span<float> map, int width, int height, float x0, float y0)
    {
        for (var y = Math.Max(0, (int)y0 - 3); y <= Math.Min(height - 1, (int)y0 + 3); y++)
        {
            for (var x = Math.Max(0, (int)x0 - 3); x <= Math.Min(width - 1, (int)x0 + 3); x++)
            {
                var d2 = ((x - x0) * (x - x0)) + ((y - y0) * (y - y0));
                map[(y * width) + x] = MathF.Max(map[(y * width) + x], 0.8f * MathF.Exp(-d2 / (2 * 0.8f * 0.8f)));
            }
        }
    }

    private static void Field(float[] maps, int width, int height, PafLimb limb, float ax, float ay, float bx, float by)
    {
        var length = MathF.Sqrt(((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay)));
        float ux = (bx - ax) / length, uy = (by - ay) / length;
        var plane = width * height;
        for (var y = Math.Max(0, (int)MathF.Min(ay, by) - 1); y <= Math.Min(height - 1, (int)MathF.Max(ay, by) + 1); y++)
        {
            for (var x = Math.Max(0, (int)MathF.Min(ax, bx) - 1); x <= Math.Min(width - 1, (int)MathF.Max(ax, bx) + 1); x++)
            {
                var t = Math.Clamp((((x - ax) * ux) + ((y - ay) * uy)) / length, 0f, 1f);
                var px = ax + (t * (bx - ax)) - x;
                var py = ay + (t * (by - ay)) - y;
                if ((px * px) + (py * py) <= 0.6f)
                {
                    maps[(limb.ChannelX * plane) + (y * width) + x] = ux;
                    maps[(limb.ChannelY * plane) + (y * width) + x] = uy;
                }
            }
        }
    }
}
