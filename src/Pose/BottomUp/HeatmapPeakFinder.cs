using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Upsamples one low-resolution heatmap and extracts its peaks the Lightweight OpenPose way: values below the threshold
/// become 0; a peak is strictly greater than its 4 neighbours (zero outside the map); peaks are sorted by x (ties by
/// y); a peak within <c>minDistance</c> pixels of an earlier kept one is dropped. Only what peak finding needs is
/// upsampled: the output is cut into blocks of factor x factor pixels (one per source cell), and a block whose source
/// support (the cells its kernel reads) holds no value that could reach the threshold after interpolation — bounded
/// by the kernel gain — is all zeros and is skipped. One channel is upsampled at a time into a buffer reused for every
/// channel and frame; only the written blocks are cleared afterwards. Allocation-free in steady state; one instance
/// per thread.
/// </summary>
internal sealed class HeatmapPeakFinder
{
    private readonly UpsamplingKernel _kernel;
    private readonly float _threshold;
    private readonly float _minDistance;
    private readonly int _factor;
    private readonly int _supportLow;
    private readonly int _supportHigh;

    private int _width;
    private int _height;
    private int _outWidth;
    private int _outHeight;
    private int _stride;
    private float[] _up = [];
    private float[] _horizontal = [];
    private float[] _padded = [];
    private float[] _rowMax = [];
    private bool[] _active = [];
    private int[] _blockStamp = [];
    private int[] _columnIndex = [];
    private float[] _columnWeight = [];
    private int _stamp;
    private WrittenRun[] _spans = new WrittenRun[256];
    private int _spanCount;
    private KeypointPeak[] _raw = new KeypointPeak[256];

    public HeatmapPeakFinder(UpsamplingKernel kernel, float threshold, float minDistance)
    {
        _kernel = kernel;
        _threshold = threshold;
        _minDistance = minDistance;
        _factor = kernel.Factor;

        // Source cells read by the output pixels of cell q: q + low .. q + high.
        _supportLow = int.MaxValue;
        _supportHigh = int.MinValue;
        for (var r = 0; r < kernel.Factor; r++)
        {
            var first = kernel.FirstSource(r);
            _supportLow = Math.Min(_supportLow, first);
            _supportHigh = Math.Max(_supportHigh, first + kernel.Taps - 1);
        }
    }

    /// <summary>Width of the upsampled map of the last call.</summary>
    public int OutputWidth => _outWidth;

    /// <summary>Height of the upsampled map of the last call.</summary>
    public int OutputHeight => _outHeight;

    /// <summary>Source cells whose output block was upsampled in the last call.</summary>
    public int ActiveBlocks { get; private set; }

    /// <summary>
    /// Finds the peaks of a row-major <paramref name="width"/> x <paramref name="height"/> map and appends them to
    /// <paramref name="peaks"/> from index <paramref name="count"/>; returns the new count (the array grows if needed).
    /// </summary>
    public int Find(ReadOnlySpan<float> map, int width, int height, ref KeypointPeak[] peaks, int count)
    {
        Prepare(width, height);
        ClearWritten();
        Upsample(map);
        var raw = ScanPeaks();
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
        _outWidth = width * _factor;
        _outHeight = height * _factor;

        // One zero row above and below, one zero column left of each row and zero columns right of it up to a whole
        // number of vectors plus one, so neighbour reads never leave the buffer.
        _stride = (((_outWidth + 2 + 15) / 16) * 16) + 16;
        _up = new float[(_outHeight + 2) * _stride];
        _horizontal = new float[height * _outWidth];
        _padded = new float[height * (width + 8)];
        _rowMax = new float[width * height];
        _active = new bool[width];
        _blockStamp = new int[width * height];
        _stamp = 0;
        _spanCount = 0;

        var taps = _kernel.Taps;
        _columnIndex = new int[_outWidth];
        _columnWeight = new float[_outWidth * taps];
        for (var x = 0; x < _outWidth; x++)
        {
            // Index into a source row padded by 4 replicated values on each side.
            _columnIndex[x] = _kernel.FirstSource(x) + 4;
            _kernel.Weights(x).CopyTo(_columnWeight.AsSpan(x * taps, taps));
        }
    }

    /// <summary>Zeroes the blocks the previous call wrote, so the buffer is all zeros again.</summary>
    private void ClearWritten()
    {
        for (var i = 0; i < _spanCount; i++)
        {
            _up.AsSpan(_spans[i].Offset, _spans[i].Length).Clear();
        }

        _spanCount = 0;
    }

    /// <summary>Marks the blocks that can hold values above the threshold and upsamples exactly those.</summary>
    private void Upsample(ReadOnlySpan<float> map)
    {
        _stamp++;
        var w = _width;
        var h = _height;
        var padded = _width + 8;
        for (var y = 0; y < h; y++)
        {
            var src = map.Slice(y * w, w);
            var row = _padded.AsSpan(y * padded, padded);
            row[..4].Fill(src[0]);
            src.CopyTo(row[4..]);
            row.Slice(4 + w, 4).Fill(src[^1]);
            DilateRow(row, _rowMax.AsSpan(y * w, w));
        }

        var limit = _threshold / (_kernel.Gain * _kernel.Gain);
        var active = 0;
        for (var qy = 0; qy < h; qy++)
        {
            if (!MarkRow(qy, limit))
            {
                continue;
            }

            var x = 0;
            while (x < w)
            {
                if (!_active[x])
                {
                    x++;
                    continue;
                }

                var a = x;
                while (x < w && _active[x])
                {
                    x++;
                }

                active += x - a;
                UpsampleSpan(qy, a, x);
            }
        }

        ActiveBlocks = active;
    }

    /// <summary>
    /// Horizontal part of the support dilation: the largest |value| each block's kernel can read along x. The source
    /// row is edge-replicated, so the clipped window's maximum equals the padded window's.
    /// </summary>
    private void DilateRow(ReadOnlySpan<float> padded, Span<float> destination)
    {
        var low = _supportLow;
        var high = _supportHigh;
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; x <= destination.Length - 8; x += 8)
            {
                var m = Vector256.Abs(Vector256.Create(padded.Slice(4 + x + low, 8)));
                for (var o = low + 1; o <= high; o++)
                {
                    m = Vector256.Max(m, Vector256.Abs(Vector256.Create(padded.Slice(4 + x + o, 8))));
                }

                m.CopyTo(destination.Slice(x, 8));
            }
        }

        for (; x < destination.Length; x++)
        {
            var m = 0f;
            for (var o = low; o <= high; o++)
            {
                m = MathF.Max(m, MathF.Abs(padded[4 + x + o]));
            }

            destination[x] = m;
        }
    }

    /// <summary>Vertical part of the dilation for block row <paramref name="qy"/>: fills the active flags; false when none is active.</summary>
    private bool MarkRow(int qy, float limit)
    {
        var w = _width;
        var h = _height;
        var any = false;
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(limit);
            for (; x <= w - 8; x += 8)
            {
                var m = Vector256.Create(_rowMax.AsSpan((Math.Clamp(qy + _supportLow, 0, h - 1) * w) + x, 8));
                for (var o = _supportLow + 1; o <= _supportHigh; o++)
                {
                    m = Vector256.Max(m, Vector256.Create(_rowMax.AsSpan((Math.Clamp(qy + o, 0, h - 1) * w) + x, 8)));
                }

                var bits = Vector256.GreaterThanOrEqual(m, t).ExtractMostSignificantBits();
                any |= bits != 0;
                for (var i = 0; i < 8; i++)
                {
                    _active[x + i] = (bits & (1u << i)) != 0;
                }
            }
        }

        for (; x < w; x++)
        {
            var m = 0f;
            for (var o = _supportLow; o <= _supportHigh; o++)
            {
                m = MathF.Max(m, _rowMax[(Math.Clamp(qy + o, 0, h - 1) * w) + x]);
            }

            _active[x] = m >= limit;
            any |= _active[x];
        }

        return any;
    }

    /// <summary>Upsamples the blocks of source row <paramref name="qy"/>, columns <paramref name="a"/> to <paramref name="b"/> (exclusive).</summary>
    private void UpsampleSpan(int qy, int a, int b)
    {
        var taps = _kernel.Taps;
        var x0 = a * _factor;
        var length = (b - a) * _factor;
        Span<int> rows = stackalloc int[4];
        for (var oy = qy * _factor; oy < (qy + 1) * _factor; oy++)
        {
            var first = _kernel.FirstSource(oy);
            for (var k = 0; k < taps; k++)
            {
                rows[k] = Math.Clamp(first + k, 0, _height - 1);
                EnsureHorizontal(rows[k], a, b);
            }

            var weights = _kernel.Weights(oy);
            var offset = ((oy + 1) * _stride) + 1 + x0;
            var row = _up.AsSpan(offset, length);
            var hs = _horizontal.AsSpan();
            var w = _outWidth;
            if (taps == 4)
            {
                Combine4(hs.Slice((rows[0] * w) + x0, length), hs.Slice((rows[1] * w) + x0, length), hs.Slice((rows[2] * w) + x0, length), hs.Slice((rows[3] * w) + x0, length), weights, row, _threshold);
            }
            else
            {
                Combine2(hs.Slice((rows[0] * w) + x0, length), hs.Slice((rows[1] * w) + x0, length), weights, row, _threshold);
            }

            if (_spanCount == _spans.Length)
            {
                Array.Resize(ref _spans, _spanCount * 2);
            }

            _spans[_spanCount++] = new WrittenRun(offset, length, oy, x0);
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

    /// <summary>Horizontal pass of source row <paramref name="y"/> over the output blocks of columns a..b, each block once per call.</summary>
    private void EnsureHorizontal(int y, int a, int b)
    {
        var padded = _padded.AsSpan(y * (_width + 8), _width + 8);
        ref var p = ref MemoryMarshal.GetReference(padded);
        ref var wt = ref MemoryMarshal.GetReference(_columnWeight.AsSpan());
        var output = _horizontal.AsSpan(y * _outWidth, _outWidth);
        var taps = _kernel.Taps;
        for (var q = a; q < b; q++)
        {
            ref var stamp = ref _blockStamp[(y * _width) + q];
            if (stamp == _stamp)
            {
                continue;
            }

            stamp = _stamp;
            var end = (q + 1) * _factor;
            for (var x = q * _factor; x < end; x++)
            {
                ref var s = ref Unsafe.Add(ref p, _columnIndex[x]);
                ref var w = ref Unsafe.Add(ref wt, x * taps);
                output[x] = taps == 4
                    ? (((s * w) + (Unsafe.Add(ref s, 1) * Unsafe.Add(ref w, 1))) + (Unsafe.Add(ref s, 2) * Unsafe.Add(ref w, 2))) + (Unsafe.Add(ref s, 3) * Unsafe.Add(ref w, 3))
                    : (s * w) + (Unsafe.Add(ref s, 1) * Unsafe.Add(ref w, 1));
            }
        }
    }

    /// <summary>Records the strict 4-neighbour maxima of every written span, in row-major order.</summary>
    private int ScanPeaks()
    {
        var count = 0;
        for (var i = 0; i < _spanCount; i++)
        {
            count = ScanSpan(_spans[i], count);
        }

        return count;
    }

    private int ScanSpan(WrittenRun span, int count)
    {
        var up = _up.AsSpan();
        var start = span.Offset;
        var end = start + span.Length;
        var x = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; x < end; x += 16)
            {
                var c = Vector512.Create(up.Slice(x, 16));
                var m = Vector512.GreaterThan(c, Vector512.Create(up.Slice(x - 1, 16)))
                    & Vector512.GreaterThan(c, Vector512.Create(up.Slice(x + 1, 16)))
                    & Vector512.GreaterThan(c, Vector512.Create(up.Slice(x - _stride, 16)))
                    & Vector512.GreaterThan(c, Vector512.Create(up.Slice(x + _stride, 16)));
                var bits = m.ExtractMostSignificantBits();
                if (end - x < 16)
                {
                    // Lanes past the span belong to another span (or padding): they are scanned there.
                    bits &= (1UL << (end - x)) - 1;
                }

                while (bits != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    count = AddRaw(count, span.X0 + (x - start) + lane, span.Y, up[x + lane]);
                }
            }

            return count;
        }

        for (; x < end; x++)
        {
            var c = up[x];
            if (c > up[x - 1] && c > up[x + 1] && c > up[x - _stride] && c > up[x + _stride])
            {
                count = AddRaw(count, span.X0 + (x - start), span.Y, c);
            }
        }

        return count;
    }

    private int AddRaw(int count, int x, int y, float value)
    {
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

    /// <summary>A written run of output pixels: buffer offset, length, output row and first output column.</summary>
    private readonly record struct WrittenRun(int Offset, int Length, int Y, int X0);
}
