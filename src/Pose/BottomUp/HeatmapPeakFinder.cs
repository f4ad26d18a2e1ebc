using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Upsamples one low-resolution heatmap and extracts its peaks the Lightweight OpenPose way: values below the threshold
/// become 0; a peak is strictly greater than its 4 neighbours (zero outside the map); peaks are sorted by x (ties by
/// y); a peak within <c>minDistance</c> pixels of an earlier kept one is dropped.
/// <para>
/// Only what peak finding needs is upsampled. Each source cell owns a factor x factor block of output pixels; a block
/// whose kernel support holds no value that could reach the threshold after interpolation (bounded by the kernel
/// gain) is all zeros. Work is done per chunk of 8 source columns of a source row, and only for chunks with an active
/// block. The upsampled map is stored phase-planar: output pixel x = q * factor + r lives in plane r at column q, so
/// the horizontal pass, the vertical pass and the 4-neighbour test are plain 8-wide vector operations (the left
/// neighbour of phase 0 is phase factor-1 one column left, and so on). Values are computed in the order OpenCV's
/// resize uses (rows first, then columns), so the peaks are exactly those of a full upsampling.
/// </para>
/// Buffers are reused for every channel and frame and only written chunks are cleared: allocation-free in steady
/// state; one instance per thread.
/// </summary>
internal sealed class HeatmapPeakFinder
{
    private const int Lanes = 8;
    private const int SourcePad = 8;

    private readonly UpsamplingKernel _kernel;
    private readonly float _threshold;
    private readonly float _minDistance;
    private readonly int _factor;
    private readonly int _taps;
    private readonly int _supportLow;
    private readonly int _supportHigh;
    private readonly int[] _first;
    private readonly float[] _weights;

    private int _width;
    private int _height;
    private int _chunks;
    private int _planeWidth;
    private int _rowStride;
    private int _sourceStride;
    private float[] _up = [];
    private float[] _padded = [];
    private float[] _horizontal = [];
    private float[] _rowMax = [];
    private bool[] _chunkActive = [];
    private int[] _chunkStamp = [];
    private int _stamp;
    private (int BlockRow, int Chunk)[] _written = new (int, int)[256];
    private int _writtenCount;
    private KeypointPeak[] _raw = new KeypointPeak[256];

    public HeatmapPeakFinder(UpsamplingKernel kernel, float threshold, float minDistance)
    {
        _kernel = kernel;
        _threshold = threshold;
        _minDistance = minDistance;
        _factor = kernel.Factor;
        _taps = kernel.Taps;
        _first = new int[_factor];
        _weights = new float[_factor * _taps];

        // Source cells read by the output pixels of cell q: q + low .. q + high.
        _supportLow = int.MaxValue;
        _supportHigh = int.MinValue;
        for (var r = 0; r < _factor; r++)
        {
            _first[r] = kernel.FirstSource(r);
            kernel.Weights(r).CopyTo(_weights.AsSpan(r * _taps, _taps));
            _supportLow = Math.Min(_supportLow, _first[r]);
            _supportHigh = Math.Max(_supportHigh, _first[r] + _taps - 1);
        }
    }

    /// <summary>Width of the upsampled map of the last call.</summary>
    public int OutputWidth => _width * _factor;

    /// <summary>Height of the upsampled map of the last call.</summary>
    public int OutputHeight => _height * _factor;

    /// <summary>Chunks (8 source columns of one source row) upsampled in the last call.</summary>
    public int WrittenChunks => _writtenCount;

    /// <summary>Source cells whose output block could reach the threshold in the last call.</summary>
    public int ActiveBlocks { get; private set; }

    /// <summary>
    /// Finds the peaks of a row-major <paramref name="width"/> x <paramref name="height"/> map and appends them to
    /// <paramref name="peaks"/> from index <paramref name="count"/>; returns the new count (the array grows if needed).
    /// </summary>
    public int Find(ReadOnlySpan<float> map, int width, int height, ref KeypointPeak[] peaks, int count)
    {
        Prepare(width, height);
        ClearWritten();
        var raw = Upsample(map);
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
        _chunks = (width + Lanes - 1) / Lanes;

        // Plane: one zero column left (q = -1), columns 0..chunks*8-1, and a zero vector right.
        _planeWidth = (_chunks * Lanes) + Lanes + 1;
        _rowStride = _factor * _planeWidth;
        _up = new float[((height * _factor) + 2) * _rowStride];
        _sourceStride = SourcePad + (_chunks * Lanes) + (2 * SourcePad);
        _padded = new float[height * _sourceStride];
        _horizontal = new float[height * _factor * _chunks * Lanes];
        _rowMax = new float[width * height];
        _chunkActive = new bool[_chunks];
        _chunkStamp = new int[height * _chunks];
        _stamp = 0;
        _writtenCount = 0;
    }

    /// <summary>Zeroes the chunks the previous call wrote, so the buffer is all zeros again.</summary>
    private void ClearWritten()
    {
        ref var up = ref MemoryMarshal.GetArrayDataReference(_up);
        for (var i = 0; i < _writtenCount; i++)
        {
            var (blockRow, chunk) = _written[i];
            for (var oy = blockRow * _factor; oy < (blockRow + 1) * _factor; oy++)
            {
                var at = PlaneOffset(oy, 0) + (chunk * Lanes);
                for (var r = 0; r < _factor; r++, at += _planeWidth)
                {
                    Vector256<float>.Zero.StoreUnsafe(ref up, (nuint)at);
                }
            }
        }

        _writtenCount = 0;
    }

    /// <summary>Offset in the buffer of column q = 0 of plane <paramref name="phase"/> of output row <paramref name="oy"/>.</summary>
    private int PlaneOffset(int oy, int phase) => ((oy + 1) * _rowStride) + (phase * _planeWidth) + 1;

    /// <summary>Marks the chunks that can hold values above the threshold, upsamples and scans exactly those.</summary>
    private int Upsample(ReadOnlySpan<float> map)
    {
        _stamp++;
        var w = _width;
        var h = _height;
        for (var y = 0; y < h; y++)
        {
            var src = map.Slice(y * w, w);
            var row = _padded.AsSpan(y * _sourceStride, _sourceStride);
            row[..SourcePad].Fill(src[0]);
            src.CopyTo(row[SourcePad..]);
            row[(SourcePad + w)..].Fill(src[^1]);
            DilateRow(row, _rowMax.AsSpan(y * w, w));
        }

        var limit = _threshold / (_kernel.Gain * _kernel.Gain);
        var active = 0;
        var raw = 0;
        for (var qy = 0; qy < h; qy++)
        {
            var blocks = MarkRow(qy, limit);
            if (blocks == 0)
            {
                continue;
            }

            active += blocks;
            for (var c = 0; c < _chunks; c++)
            {
                if (_chunkActive[c])
                {
                    UpsampleChunk(qy, c);
                }
            }
        }

        ActiveBlocks = active;

        // Scan once every written chunk (and its neighbours) holds its final values.
        for (var i = 0; i < _writtenCount; i++)
        {
            raw = ScanChunk(_written[i].BlockRow, _written[i].Chunk, raw);
        }

        return raw;
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
            for (; x <= destination.Length - Lanes; x += Lanes)
            {
                var m = Vector256.Abs(Vector256.Create(padded.Slice(SourcePad + x + low, Lanes)));
                for (var o = low + 1; o <= high; o++)
                {
                    m = Vector256.Max(m, Vector256.Abs(Vector256.Create(padded.Slice(SourcePad + x + o, Lanes))));
                }

                m.CopyTo(destination.Slice(x, Lanes));
            }
        }

        for (; x < destination.Length; x++)
        {
            var m = 0f;
            for (var o = low; o <= high; o++)
            {
                m = MathF.Max(m, MathF.Abs(padded[SourcePad + x + o]));
            }

            destination[x] = m;
        }
    }

    /// <summary>
    /// Vertical part of the dilation for block row <paramref name="qy"/> (rows clamped to the map, as the kernel reads
    /// them): sets the chunk flags; returns the active blocks.
    /// </summary>
    private int MarkRow(int qy, float limit)
    {
        var w = _width;
        var h = _height;
        var count = 0;
        var y0 = Math.Clamp(qy + _supportLow, 0, h - 1);
        var y1 = Math.Clamp(qy + _supportHigh, 0, h - 1);
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(limit);
            for (; x <= w - Lanes; x += Lanes)
            {
                var m = Vector256.Create(_rowMax.AsSpan((y0 * w) + x, Lanes));
                for (var y = y0 + 1; y <= y1; y++)
                {
                    m = Vector256.Max(m, Vector256.Create(_rowMax.AsSpan((y * w) + x, Lanes)));
                }

                var bits = Vector256.GreaterThanOrEqual(m, t).ExtractMostSignificantBits();
                _chunkActive[x / Lanes] = bits != 0;
                count += BitOperations.PopCount(bits);
            }
        }

        for (; x < w; x++)
        {
            if (x % Lanes == 0)
            {
                _chunkActive[x / Lanes] = false;
            }

            var m = 0f;
            for (var y = y0; y <= y1; y++)
            {
                m = MathF.Max(m, _rowMax[(y * w) + x]);
            }

            if (m >= limit)
            {
                count++;
                _chunkActive[x / Lanes] = true;
            }
        }

        return count;
    }

    /// <summary>Upsamples chunk <paramref name="chunk"/> (8 source columns) of block row <paramref name="qy"/> into the phase planes.</summary>
    private void UpsampleChunk(int qy, int chunk)
    {
        var h = _height;
        var taps = _taps;
        var planeLength = _chunks * Lanes;
        var q0 = chunk * Lanes;
        var threshold = Vector256.Create(_threshold);

        // Lanes past the map's last column must stay zero (they are the right neighbours of the last column).
        var valid = Math.Min(Lanes, _width - q0);
        var keep = valid == Lanes ? Vector256<float>.AllBitsSet : Vector256.LessThan(Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7), Vector256.Create((float)valid));
        ref var horizontal = ref MemoryMarshal.GetArrayDataReference(_horizontal);
        ref var up = ref MemoryMarshal.GetArrayDataReference(_up);
        Span<int> rowOffsets = stackalloc int[4];

        for (var oy = qy * _factor; oy < (qy + 1) * _factor; oy++)
        {
            var first = _kernel.FirstSource(oy);
            for (var k = 0; k < taps; k++)
            {
                var row = Math.Clamp(first + k, 0, h - 1);
                EnsureHorizontal(row, chunk);
                rowOffsets[k] = (row * _factor * planeLength) + q0;
            }

            var wy = _kernel.Weights(oy);
            var target = PlaneOffset(oy, 0) + q0;
            for (var r = 0; r < _factor; r++, target += _planeWidth)
            {
                var phase = r * planeLength;
                Vector256<float> v;
                if (taps == 4)
                {
                    v = (((Vector256.LoadUnsafe(ref horizontal, (nuint)(rowOffsets[0] + phase)) * wy[0])
                        + (Vector256.LoadUnsafe(ref horizontal, (nuint)(rowOffsets[1] + phase)) * wy[1]))
                        + (Vector256.LoadUnsafe(ref horizontal, (nuint)(rowOffsets[2] + phase)) * wy[2]))
                        + (Vector256.LoadUnsafe(ref horizontal, (nuint)(rowOffsets[3] + phase)) * wy[3]);
                }
                else
                {
                    v = Vector256.LoadUnsafe(ref horizontal, (nuint)(rowOffsets[0] + phase)) * wy[0];
                    for (var k = 1; k < taps; k++)
                    {
                        v += Vector256.LoadUnsafe(ref horizontal, (nuint)(rowOffsets[k] + phase)) * wy[k];
                    }
                }

                v &= Vector256.GreaterThanOrEqual(v, threshold) & keep;
                v.StoreUnsafe(ref up, (nuint)target);
            }
        }

        if (_writtenCount == _written.Length)
        {
            Array.Resize(ref _written, _writtenCount * 2);
        }

        _written[_writtenCount++] = (qy, chunk);
    }

    /// <summary>Horizontal pass of source row <paramref name="y"/> for one chunk, into the phase planes; once per call.</summary>
    private void EnsureHorizontal(int y, int chunk)
    {
        ref var stamp = ref _chunkStamp[(y * _chunks) + chunk];
        if (stamp == _stamp)
        {
            return;
        }

        stamp = _stamp;
        ref var source = ref MemoryMarshal.GetArrayDataReference(_padded);
        ref var horizontal = ref MemoryMarshal.GetArrayDataReference(_horizontal);
        var planeLength = _chunks * Lanes;
        var q0 = chunk * Lanes;
        var rowStart = (y * _sourceStride) + SourcePad + q0;
        var target = (y * _factor * planeLength) + q0;
        for (var r = 0; r < _factor; r++, target += planeLength)
        {
            var start = (nuint)(rowStart + _first[r]);
            var w = _weights.AsSpan(r * _taps, _taps);
            Vector256<float> v;
            if (_taps == 4)
            {
                v = (((Vector256.LoadUnsafe(ref source, start) * w[0]) + (Vector256.LoadUnsafe(ref source, start + 1) * w[1]))
                    + (Vector256.LoadUnsafe(ref source, start + 2) * w[2])) + (Vector256.LoadUnsafe(ref source, start + 3) * w[3]);
            }
            else
            {
                v = Vector256.LoadUnsafe(ref source, start) * w[0];
                for (var k = 1; k < _taps; k++)
                {
                    v += Vector256.LoadUnsafe(ref source, start + (nuint)k) * w[k];
                }
            }

            v.StoreUnsafe(ref horizontal, (nuint)target);
        }
    }

    /// <summary>Records the strict 4-neighbour maxima of one written chunk.</summary>
    private int ScanChunk(int qy, int chunk, int count)
    {
        ref var up = ref MemoryMarshal.GetArrayDataReference(_up);
        var q0 = chunk * Lanes;
        var last = _factor - 1;
        for (var oy = qy * _factor; oy < (qy + 1) * _factor; oy++)
        {
            var rowBase = PlaneOffset(oy, 0) + q0;
            for (var r = 0; r < _factor; r++)
            {
                var at = rowBase + (r * _planeWidth);
                var c = Vector256.LoadUnsafe(ref up, (nuint)at);
                if (c == Vector256<float>.Zero)
                {
                    // Thresholded to zero everywhere: no peak (most vectors of an active chunk).
                    continue;
                }

                var left = r > 0 ? at - _planeWidth : rowBase + (last * _planeWidth) - 1;
                var right = r < last ? at + _planeWidth : rowBase + 1;
                var m = Vector256.GreaterThan(c, Vector256.LoadUnsafe(ref up, (nuint)left))
                    & Vector256.GreaterThan(c, Vector256.LoadUnsafe(ref up, (nuint)right))
                    & Vector256.GreaterThan(c, Vector256.LoadUnsafe(ref up, (nuint)(at - _rowStride)))
                    & Vector256.GreaterThan(c, Vector256.LoadUnsafe(ref up, (nuint)(at + _rowStride)));
                var bits = m.ExtractMostSignificantBits();
                while (bits != 0)
                {
                    var lane = BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (count == _raw.Length)
                    {
                        Array.Resize(ref _raw, count * 2);
                    }

                    _raw[count++] = new KeypointPeak(((q0 + lane) * _factor) + r, oy, Unsafe.Add(ref up, at + lane));
                }
            }
        }

        return count;
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
}
