using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Upsamples one low-resolution heatmap and extracts its peaks the Lightweight OpenPose way: values below the threshold
/// become 0; a peak is strictly greater than its 4 neighbours (zero outside the map); peaks are sorted by x (ties by
/// y); a peak within <c>minDistance</c> pixels of an earlier kept one is dropped. Only what peak finding needs is
/// upsampled: output rows whose source rows cannot reach the threshold (bounded by the kernel gain) are skipped, and
/// one channel is upsampled at a time into a buffer reused for every channel and frame. Allocation-free in steady
/// state; one instance per thread.
/// </summary>
internal sealed class HeatmapPeakFinder
{
    private readonly UpsamplingKernel _kernel;
    private readonly float _threshold;
    private readonly float _minDistance;

    private int _width;
    private int _height;
    private int _outWidth;
    private int _outHeight;
    private int _stride;
    private float[] _up = [];
    private float[] _horizontal = [];
    private float[] _sourceRow = [];
    private float[] _rowMax = [];
    private int[] _rowStamp = [];
    private bool[] _rowActive = [];
    private int[] _columnIndex = [];
    private float[] _columnWeight = [];
    private int _stamp;
    private KeypointPeak[] _raw = new KeypointPeak[256];

    public HeatmapPeakFinder(UpsamplingKernel kernel, float threshold, float minDistance)
    {
        _kernel = kernel;
        _threshold = threshold;
        _minDistance = minDistance;
    }

    /// <summary>Width of the upsampled map of the last call.</summary>
    public int OutputWidth => _outWidth;

    /// <summary>Height of the upsampled map of the last call.</summary>
    public int OutputHeight => _outHeight;

    /// <summary>Output rows upsampled by the last call (rows skipped as below threshold are not counted).</summary>
    public int ActiveRows { get; private set; }

    /// <summary>
    /// Finds the peaks of a row-major <paramref name="width"/> x <paramref name="height"/> map and appends them to
    /// <paramref name="peaks"/> from index <paramref name="count"/>; returns the new count (the array grows if needed).
    /// </summary>
    public int Find(ReadOnlySpan<float> map, int width, int height, ref KeypointPeak[] peaks, int count)
    {
        Prepare(width, height);
        var raw = ScanPeaks(map);
        if (raw == 0)
        {
            return count;
        }

        // Sort by x, ties by y (the stable x-sort of row-major peaks).
        _raw.AsSpan(0, raw).Sort(static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        return Suppress(raw, ref peaks, count);
    }

    private void Prepare(int width, int height)
    {
        if (width == _width && height == _height)
        {
            return;
        }

        _width = width;
        _height = height;
        _outWidth = width * _kernel.Factor;
        _outHeight = height * _kernel.Factor;

        // One zero column left of each row, and zero columns right of it up to a whole number of vectors plus one.
        _stride = (((_outWidth + 2 + 15) / 16) * 16) + 16;
        _up = new float[(_outHeight + 2) * _stride];
        _horizontal = new float[height * _outWidth];
        _sourceRow = new float[width + 8];
        _rowMax = new float[height];
        _rowStamp = new int[height];
        _rowActive = new bool[_outHeight];
        _stamp = 0;

        var taps = _kernel.Taps;
        _columnIndex = new int[_outWidth];
        _columnWeight = new float[_outWidth * taps];
        for (var x = 0; x < _outWidth; x++)
        {
            // Index into the source row padded by 4 replicated values on the left.
            _columnIndex[x] = _kernel.FirstSource(x) + 4;
            _kernel.Weights(x).CopyTo(_columnWeight.AsSpan(x * taps, taps));
        }
    }

    /// <summary>Upsamples the map row by row and records every strict 4-neighbour maximum in row-major order.</summary>
    private int ScanPeaks(ReadOnlySpan<float> map)
    {
        _stamp++;
        var gain = _kernel.Gain * _kernel.Gain;
        for (var y = 0; y < _height; y++)
        {
            _rowMax[y] = TensorMaxAbs(map.Slice(y * _width, _width));
        }

        var taps = _kernel.Taps;
        var active = 0;
        for (var oy = 0; oy < _outHeight; oy++)
        {
            var first = _kernel.FirstSource(oy);
            var bound = 0f;
            for (var k = 0; k < taps; k++)
            {
                bound = MathF.Max(bound, _rowMax[Math.Clamp(first + k, 0, _height - 1)]);
            }

            var row = _up.AsSpan(((oy + 1) * _stride) + 1, _outWidth);
            if (bound * gain < _threshold)
            {
                _rowActive[oy] = false;
                row.Clear();
                continue;
            }

            _rowActive[oy] = true;
            active++;
            VerticalRow(map, oy, first, row);
        }

        ActiveRows = active;
        var count = 0;
        for (var oy = 0; oy < _outHeight; oy++)
        {
            if (_rowActive[oy])
            {
                count = ScanRow(oy, count);
            }
        }

        return count;
    }

    private void VerticalRow(ReadOnlySpan<float> map, int oy, int first, Span<float> row)
    {
        var weights = _kernel.Weights(oy);
        var taps = _kernel.Taps;
        Span<int> rows = stackalloc int[4];
        for (var k = 0; k < taps; k++)
        {
            rows[k] = Math.Clamp(first + k, 0, _height - 1);
            EnsureHorizontal(map, rows[k]);
        }

        var h = _horizontal.AsSpan();
        var w = _outWidth;
        var threshold = _threshold;
        if (taps == 4)
        {
            Combine4(h.Slice(rows[0] * w, w), h.Slice(rows[1] * w, w), h.Slice(rows[2] * w, w), h.Slice(rows[3] * w, w), weights, row, threshold);
        }
        else
        {
            Combine2(h.Slice(rows[0] * w, w), h.Slice(rows[1] * w, w), weights, row, threshold);
        }
    }

    /// <summary>row = sum of weighted source rows, values below the threshold set to 0.</summary>
    private static void Combine4(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> c, ReadOnlySpan<float> d, ReadOnlySpan<float> w, Span<float> row, float threshold)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var w0 = Vector512.Create(w[0]);
            var w1 = Vector512.Create(w[1]);
            var w2 = Vector512.Create(w[2]);
            var w3 = Vector512.Create(w[3]);
            var t = Vector512.Create(threshold);
            for (; i <= row.Length - 16; i += 16)
            {
                var v = (((Vector512.Create(a.Slice(i, 16)) * w0) + (Vector512.Create(b.Slice(i, 16)) * w1)) + (Vector512.Create(c.Slice(i, 16)) * w2)) + (Vector512.Create(d.Slice(i, 16)) * w3);
                (v & Vector512.GreaterThanOrEqual(v, t)).CopyTo(row.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var w0 = Vector256.Create(w[0]);
            var w1 = Vector256.Create(w[1]);
            var w2 = Vector256.Create(w[2]);
            var w3 = Vector256.Create(w[3]);
            var t = Vector256.Create(threshold);
            for (; i <= row.Length - 8; i += 8)
            {
                var v = (((Vector256.Create(a.Slice(i, 8)) * w0) + (Vector256.Create(b.Slice(i, 8)) * w1)) + (Vector256.Create(c.Slice(i, 8)) * w2)) + (Vector256.Create(d.Slice(i, 8)) * w3);
                (v & Vector256.GreaterThanOrEqual(v, t)).CopyTo(row.Slice(i, 8));
            }
        }

        for (; i < row.Length; i++)
        {
            var v = (((a[i] * w[0]) + (b[i] * w[1])) + (c[i] * w[2])) + (d[i] * w[3]);
            row[i] = v >= threshold ? v : 0f;
        }
    }

    private static void Combine2(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> w, Span<float> row, float threshold)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var w0 = Vector512.Create(w[0]);
            var w1 = Vector512.Create(w[1]);
            var t = Vector512.Create(threshold);
            for (; i <= row.Length - 16; i += 16)
            {
                var v = (Vector512.Create(a.Slice(i, 16)) * w0) + (Vector512.Create(b.Slice(i, 16)) * w1);
                (v & Vector512.GreaterThanOrEqual(v, t)).CopyTo(row.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var w0 = Vector256.Create(w[0]);
            var w1 = Vector256.Create(w[1]);
            var t = Vector256.Create(threshold);
            for (; i <= row.Length - 8; i += 8)
            {
                var v = (Vector256.Create(a.Slice(i, 8)) * w0) + (Vector256.Create(b.Slice(i, 8)) * w1);
                (v & Vector256.GreaterThanOrEqual(v, t)).CopyTo(row.Slice(i, 8));
            }
        }

        for (; i < row.Length; i++)
        {
            var v = (a[i] * w[0]) + (b[i] * w[1]);
            row[i] = v >= threshold ? v : 0f;
        }
    }

    /// <summary>Horizontal pass of source row <paramref name="y"/>, computed once per frame and channel.</summary>
    private void EnsureHorizontal(ReadOnlySpan<float> map, int y)
    {
        if (_rowStamp[y] == _stamp)
        {
            return;
        }

        _rowStamp[y] = _stamp;
        var src = map.Slice(y * _width, _width);
        var padded = _sourceRow.AsSpan();
        padded[..4].Fill(src[0]);
        src.CopyTo(padded[4..]);
        padded.Slice(4 + _width, 4).Fill(src[^1]);

        var output = _horizontal.AsSpan(y * _outWidth, _outWidth);
        ref var p = ref MemoryMarshal.GetReference(padded);
        ref var wt = ref MemoryMarshal.GetReference(_columnWeight.AsSpan());
        if (_kernel.Taps == 4)
        {
            for (var x = 0; x < output.Length; x++)
            {
                ref var s = ref Unsafe.Add(ref p, _columnIndex[x]);
                ref var w = ref Unsafe.Add(ref wt, x * 4);
                output[x] = (((s * w) + (Unsafe.Add(ref s, 1) * Unsafe.Add(ref w, 1))) + (Unsafe.Add(ref s, 2) * Unsafe.Add(ref w, 2))) + (Unsafe.Add(ref s, 3) * Unsafe.Add(ref w, 3));
            }
        }
        else
        {
            for (var x = 0; x < output.Length; x++)
            {
                ref var s = ref Unsafe.Add(ref p, _columnIndex[x]);
                ref var w = ref Unsafe.Add(ref wt, x * 2);
                output[x] = (s * w) + (Unsafe.Add(ref s, 1) * Unsafe.Add(ref w, 1));
            }
        }
    }

    /// <summary>Appends the strict 4-neighbour maxima of output row <paramref name="oy"/>.</summary>
    private int ScanRow(int oy, int count)
    {
        var up = _up.AsSpan();
        var rowStart = ((oy + 1) * _stride) + 1;
        var above = rowStart - _stride;
        var below = rowStart + _stride;
        var x = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; x < _outWidth; x += 16)
            {
                var c = Vector512.Create(up.Slice(rowStart + x, 16));
                var m = Vector512.GreaterThan(c, Vector512.Create(up.Slice(rowStart + x - 1, 16)))
                    & Vector512.GreaterThan(c, Vector512.Create(up.Slice(rowStart + x + 1, 16)))
                    & Vector512.GreaterThan(c, Vector512.Create(up.Slice(above + x, 16)))
                    & Vector512.GreaterThan(c, Vector512.Create(up.Slice(below + x, 16)));
                var bits = m.ExtractMostSignificantBits();
                while (bits != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    count = AddRaw(count, x + lane, oy, up[rowStart + x + lane]);
                }
            }

            return count;
        }

        for (; x < _outWidth; x++)
        {
            var c = up[rowStart + x];
            if (c > up[rowStart + x - 1] && c > up[rowStart + x + 1] && c > up[above + x] && c > up[below + x])
            {
                count = AddRaw(count, x, oy, c);
            }
        }

        return count;
    }

    private int AddRaw(int count, int x, int y, float value)
    {
        if (x >= _outWidth)
        {
            return count;
        }

        if (count == _raw.Length)
        {
            Array.Resize(ref _raw, count * 2);
        }

        _raw[count] = new KeypointPeak(x, y, value);
        return count + 1;
    }

    /// <summary>Keeps peaks in x order, dropping those closer than the minimum distance to a kept one.</summary>
    private int Suppress(int raw, ref KeypointPeak[] peaks, int count)
    {
        var minSq = _minDistance * _minDistance;
        var start = count;
        for (var i = 0; i < raw; i++)
        {
            var p = _raw[i];
            var suppressed = false;

            // Kept peaks are in x order: only those within minDistance in x can suppress p.
            for (var j = count - 1; j >= start; j--)
            {
                var q = peaks[j];
                var dx = p.X - q.X;
                if (dx >= _minDistance)
                {
                    break;
                }

                var dy = p.Y - q.Y;
                if ((dx * dx) + (dy * dy) < minSq)
                {
                    suppressed = true;
                    break;
                }
            }

            if (suppressed)
            {
                continue;
            }

            if (count == peaks.Length)
            {
                Array.Resize(ref peaks, count * 2);
            }

            peaks[count++] = p;
        }

        return count;
    }

    private static float TensorMaxAbs(ReadOnlySpan<float> values) => MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));
}
