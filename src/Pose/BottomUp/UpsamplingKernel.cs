using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// The separable weights of an integer-factor upsampling with OpenCV <c>resize</c> semantics: output pixel o reads
/// source position <c>(o + 0.5) / f - 0.5</c>, so its weights depend only on the phase <c>o mod f</c> and are tabulated
/// once. Sampling the tables at one output pixel gives exactly the value a full upsampling writes there, which lets
/// PAF scoring read only the pixels it needs.
/// </summary>
internal sealed class UpsamplingKernel
{
    private const float CubicA = -0.75f;

    private readonly int[] _first;
    private readonly float[] _weights;

    public UpsamplingKernel(int factor, MapInterpolation interpolation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        Factor = factor;
        Interpolation = interpolation;
        Taps = interpolation == MapInterpolation.Cubic ? 4 : 2;
        _first = new int[factor];
        _weights = new float[factor * Taps];
        var maxSum = 0f;
        for (var r = 0; r < factor; r++)
        {
            var fx = (float)(((r + 0.5) / factor) - 0.5);
            var floor = (int)MathF.Floor(fx);
            var t = fx - floor;
            var w = _weights.AsSpan(r * Taps, Taps);
            if (interpolation == MapInterpolation.Cubic)
            {
                _first[r] = floor - 1;
                var x = t;
                w[0] = ((((CubicA * (x + 1)) - (5 * CubicA)) * (x + 1)) + (8 * CubicA)) * (x + 1) - (4 * CubicA);
                w[1] = ((((CubicA + 2) * x) - (CubicA + 3)) * x * x) + 1;
                w[2] = ((((CubicA + 2) * (1 - x)) - (CubicA + 3)) * (1 - x) * (1 - x)) + 1;
                w[3] = 1f - w[0] - w[1] - w[2];
            }
            else
            {
                _first[r] = floor;
                w[0] = 1f - t;
                w[1] = t;
            }

            var sum = 0f;
            foreach (var v in w)
            {
                sum += MathF.Abs(v);
            }

            maxSum = MathF.Max(maxSum, sum);
        }

        Gain = maxSum;
    }

    /// <summary>The integer factor.</summary>
    public int Factor { get; }

    /// <summary>The interpolation.</summary>
    public MapInterpolation Interpolation { get; }

    /// <summary>Source samples per output sample (2 or 4).</summary>
    public int Taps { get; }

    /// <summary>
    /// The largest sum of absolute weights over the phases: an upsampled value never exceeds the largest absolute
    /// source value in its support times this (per axis), which lets the upsampler skip rows that cannot pass a threshold.
    /// </summary>
    public float Gain { get; }

    /// <summary>First source index (before clamping) read by output index <paramref name="output"/>.</summary>
    public int FirstSource(int output) => (output / Factor) + _first[output % Factor];

    /// <summary>The weights of output index <paramref name="output"/>.</summary>
    public ReadOnlySpan<float> Weights(int output) => _weights.AsSpan((output % Factor) * Taps, Taps);

    /// <summary>
    /// The upsampled value at output pixel (<paramref name="x"/>, <paramref name="y"/>) of a row-major source map,
    /// computed as the full separable upsampling would (rows first, then columns), edges replicated.
    /// </summary>
    public float Sample(ReadOnlySpan<float> map, int width, int height, int x, int y)
    {
        var taps = Taps;
        var wx = Weights(x);
        var wy = Weights(y);
        var sx = FirstSource(x);
        var sy = FirstSource(y);
        var sum = 0f;
        for (var j = 0; j < taps; j++)
        {
            var row = map.Slice(Math.Clamp(sy + j, 0, height - 1) * width, width);
            var h = 0f;
            for (var i = 0; i < taps; i++)
            {
                h += wx[i] * row[Math.Clamp(sx + i, 0, width - 1)];
            }

            sum += wy[j] * h;
        }

        return sum;
    }

    /// <summary>
    /// <see cref="Sample"/> of two maps of the same size at the same pixel (a field's x and y), sharing the weights.
    /// Away from the border the cubic case sums columns first (vectorised), which equals <see cref="Sample"/> up to
    /// float rounding.
    /// </summary>
    public void SamplePair(ReadOnlySpan<float> mapX, ReadOnlySpan<float> mapY, int width, int height, int x, int y, out float valueX, out float valueY)
    {
        var taps = Taps;
        var wx = Weights(x);
        var wy = Weights(y);
        var sx = FirstSource(x);
        var sy = FirstSource(y);
        if (taps == 4 && sx >= 0 && sy >= 0 && sx + 4 <= width && sy + 4 <= height && Vector128.IsHardwareAccelerated)
        {
            // Interior: weight the 4 rows (columns first), then the 4 taps across; the same sum up to float rounding.
            ref var mx = ref MemoryMarshal.GetReference(mapX);
            ref var my = ref MemoryMarshal.GetReference(mapY);
            var offset = (nuint)((sy * width) + sx);
            var stride = (nuint)width;
            var accX = (Vector128.LoadUnsafe(ref mx, offset) * wy[0]) + (Vector128.LoadUnsafe(ref mx, offset + stride) * wy[1])
                + (Vector128.LoadUnsafe(ref mx, offset + (2 * stride)) * wy[2]) + (Vector128.LoadUnsafe(ref mx, offset + (3 * stride)) * wy[3]);
            var accY = (Vector128.LoadUnsafe(ref my, offset) * wy[0]) + (Vector128.LoadUnsafe(ref my, offset + stride) * wy[1])
                + (Vector128.LoadUnsafe(ref my, offset + (2 * stride)) * wy[2]) + (Vector128.LoadUnsafe(ref my, offset + (3 * stride)) * wy[3]);
            var weights = Vector128.Create(wx);
            valueX = Vector128.Dot(accX, weights);
            valueY = Vector128.Dot(accY, weights);
            return;
        }

        Span<int> columns = stackalloc int[4];
        for (var i = 0; i < taps; i++)
        {
            columns[i] = Math.Clamp(sx + i, 0, width - 1);
        }

        float sumX = 0f, sumY = 0f;
        for (var j = 0; j < taps; j++)
        {
            var offset = Math.Clamp(sy + j, 0, height - 1) * width;
            float hx = 0f, hy = 0f;
            for (var i = 0; i < taps; i++)
            {
                hx += wx[i] * mapX[offset + columns[i]];
                hy += wx[i] * mapY[offset + columns[i]];
            }

            sumX += wy[j] * hx;
            sumY += wy[j] * hy;
        }

        valueX = sumX;
        valueY = sumY;
    }
}
