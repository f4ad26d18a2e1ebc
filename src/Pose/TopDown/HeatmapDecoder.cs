namespace PoseCluster.Pose.TopDown;

/// <summary>
/// Decodes one heatmap into a keypoint: integer argmax (first maximum in row-major order, position 0 when the
/// maximum is not positive, as HRNet's <c>get_max_preds</c>), then optionally the quarter-cell shift or DARK.
/// DARK blurs with the 11 x 11 Gaussian (sigma 2.0) over a zero-padded map, rescales to the original maximum and
/// takes the log; since rescaling only adds a constant to the log, the derivatives need the blurred values in the
/// 5 x 5 window around the argmax alone, which is all this decoder computes (the full map is blurred only when the
/// 1e-10 clamp could bite). Allocation-free; one instance per thread.
/// </summary>
public sealed class HeatmapDecoder
{
    /// <summary>Kernel size of the DARK Gaussian.</summary>
    public const int KernelSize = 11;

    /// <summary>Sigma OpenCV derives for an 11-tap kernel from sigma 0: 0.3 * ((11 - 1) * 0.5 - 1) + 0.8.</summary>
    public const double KernelSigma = 2.0;

    private const int Radius = KernelSize / 2;
    private const float LogFloor = 1e-10f;

    private static readonly double[] Kernel = BuildKernel();

    private readonly double[] _rows = new double[(5 + (2 * Radius)) * 5];
    private readonly double[] _window = new double[25];
    private double[] _full = [];
    private double[] _fullRows = [];

    /// <summary>Creates a decoder using <paramref name="mode"/>.</summary>
    public HeatmapDecoder(HeatmapDecoding mode, bool guardOffsets = true)
    {
        Mode = mode;
        GuardOffsets = guardOffsets;
    }

    /// <summary>The decoding mode.</summary>
    public HeatmapDecoding Mode { get; }

    /// <summary>
    /// Whether DARK keeps the integer argmax when the Taylor step is not a maximum step (Hessian not negative
    /// definite) or leaves the cell. Default true; false reproduces the reference DARK code exactly.
    /// </summary>
    public bool GuardOffsets { get; }

    /// <summary>Decodes a row-major heatmap of <paramref name="width"/> x <paramref name="height"/>.</summary>
    public HeatmapPeak Decode(ReadOnlySpan<float> heatmap, int width, int height)
    {
        // Vectorised argmax: the first index of the maximum, as the scalar scan (maps hold no NaN).
        var index = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(heatmap);
        var max = heatmap[index];

        // HRNet zeroes the coordinates of non-positive maxima before any refinement.
        var px = max > 0 ? index % width : 0;
        var py = max > 0 ? index / width : 0;
        float x = px, y = py;

        switch (Mode)
        {
            case HeatmapDecoding.Quarter when px > 1 && px < width - 1 && py > 1 && py < height - 1:
                x += 0.25f * MathF.Sign(heatmap[(py * width) + px + 1] - heatmap[(py * width) + px - 1]);
                y += 0.25f * MathF.Sign(heatmap[((py + 1) * width) + px] - heatmap[((py - 1) * width) + px]);
                break;
            case HeatmapDecoding.Dark when px > 1 && px < width - 2 && py > 1 && py < height - 2:
                (x, y) = Refine(heatmap, width, height, px, py, max);
                break;
        }

        return new HeatmapPeak(x, y, max);
    }

    private (float X, float Y) Refine(ReadOnlySpan<float> heatmap, int width, int height, int px, int py, float originMax)
    {
        BlurWindow(heatmap, width, height, px, py);
        var w = _window;

        // If any window value could be clamped by the 1e-10 floor, the rescale matters: do it exactly on the full map.
        var needsScale = false;
        for (var i = 0; i < 25; i++)
        {
            if (w[i] < LogFloor)
            {
                needsScale = true;
                break;
            }
        }

        var scale = needsScale ? originMax / BlurredMax(heatmap, width, height) : 1.0;
        for (var i = 0; i < 25; i++)
        {
            w[i] = Math.Log(Math.Max(w[i] * scale, LogFloor));
        }

        // Window index (dy + 2) * 5 + (dx + 2).
        double H(int dx, int dy) => w[((dy + 2) * 5) + dx + 2];
        var dxv = 0.5 * (H(1, 0) - H(-1, 0));
        var dyv = 0.5 * (H(0, 1) - H(0, -1));
        var dxx = 0.25 * (H(2, 0) - (2 * H(0, 0)) + H(-2, 0));
        var dxy = 0.25 * (H(1, 1) - H(1, -1) - H(-1, 1) + H(-1, -1));
        var dyy = 0.25 * (H(0, 2) - (2 * H(0, 0)) + H(0, -2));
        var det = (dxx * dyy) - (dxy * dxy);
        if (det == 0)
        {
            return (px, py);
        }

        // offset = -H^-1 * gradient
        var ox = -((dyy * dxv) - (dxy * dyv)) / det;
        var oy = -((dxx * dyv) - (dxy * dxv)) / det;
        // The second-order step is only meaningful at a maximum of the smoothed log-heatmap and within one cell of
        // it; elsewhere (flat or saddle-shaped weak maps) it can throw a keypoint many cells away.
        if (GuardOffsets && (dxx >= 0 || det <= 0 || Math.Abs(ox) > 1 || Math.Abs(oy) > 1))
        {
            return (px, py);
        }

        return ((float)(px + ox), (float)(py + oy));
    }

    /// <summary>Blurred values at (px - 2 .. px + 2, py - 2 .. py + 2) of the zero-padded map.</summary>
    private void BlurWindow(ReadOnlySpan<float> heatmap, int width, int height, int px, int py)
    {
        const int rowsNeeded = 5 + (2 * Radius);
        for (var r = 0; r < rowsNeeded; r++)
        {
            var y = py - 2 - Radius + r;
            for (var c = 0; c < 5; c++)
            {
                double sum = 0;
                if (y >= 0 && y < height)
                {
                    var x0 = px - 2 + c - Radius;
                    for (var k = 0; k < KernelSize; k++)
                    {
                        var x = x0 + k;
                        if (x >= 0 && x < width)
                        {
                            sum += Kernel[k] * heatmap[(y * width) + x];
                        }
                    }
                }

                _rows[(r * 5) + c] = sum;
            }
        }

        for (var wy = 0; wy < 5; wy++)
        {
            for (var wx = 0; wx < 5; wx++)
            {
                double sum = 0;
                for (var k = 0; k < KernelSize; k++)
                {
                    sum += Kernel[k] * _rows[((wy + k) * 5) + wx];
                }

                _window[(wy * 5) + wx] = sum;
            }
        }
    }

    private double BlurredMax(ReadOnlySpan<float> heatmap, int width, int height)
    {
        if (_full.Length < width * height)
        {
            _full = new double[width * height];
            _fullRows = new double[width * height];
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var k = 0; k < KernelSize; k++)
                {
                    var xx = x - Radius + k;
                    if (xx >= 0 && xx < width)
                    {
                        sum += Kernel[k] * heatmap[(y * width) + xx];
                    }
                }

                _fullRows[(y * width) + x] = sum;
            }
        }

        var max = double.MinValue;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var k = 0; k < KernelSize; k++)
                {
                    var yy = y - Radius + k;
                    if (yy >= 0 && yy < height)
                    {
                        sum += Kernel[k] * _fullRows[(yy * width) + x];
                    }
                }

                max = Math.Max(max, sum);
            }
        }

        return max;
    }

    private static double[] BuildKernel()
    {
        var k = new double[KernelSize];
        double sum = 0;
        for (var i = 0; i < KernelSize; i++)
        {
            var d = i - Radius;
            k[i] = Math.Exp(-(d * d) / (2 * KernelSigma * KernelSigma));
            sum += k[i];
        }

        for (var i = 0; i < KernelSize; i++)
        {
            k[i] /= sum;
        }

        return k;
    }
}
