using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PoseCluster.Pose.Nms;

/// <summary>
/// The strictly upper-triangular OKS matrix of a best-first list of poses: O[i, j] (i &lt; j) is the OKS of pose j
/// against the higher-scored pose i, the same value as <see cref="ObjectKeypointSimilarity.BetweenPoses"/> with the
/// mean of the two areas. For each row, the columns whose pose is too far away to matter are found 8 at a time from
/// the gap between the boxes (a lower bound of every keypoint distance): when every exp term of a pair is below 1e-8
/// (exponent above <see cref="NegligibleExponent"/>) the OKS is below 1e-8, f(OKS) of either decay rounds to exactly
/// 1 in single precision, and the entry is left 0. The remaining pairs are computed with the 17 keypoints in three
/// 8-wide vectors. In a crowd most pairs are far apart, so the cost follows the overlapping pairs. Scratch buffers
/// grow on demand and are reused; not thread-safe.
/// </summary>
internal sealed class OksMatrix
{
    /// <summary>exp(-x) is below 1e-8 for x above this, so 1 - OKS and exp(-s OKS^2) round to 1 in single precision.</summary>
    public const float NegligibleExponent = 18.5f;

    private const int Lanes = 8;
    private const int KeypointLanes = 24;

    private float[] _x = [];
    private float[] _y = [];
    private float[] _area = [];
    private float[] _values = [];
    private float[] _boxX1 = [];
    private float[] _boxY1 = [];
    private float[] _boxX2 = [];
    private float[] _boxY2 = [];
    private readonly float[] _factor = new float[KeypointLanes];
    private readonly float[] _reference = new float[2 * KeypointLanes];
    private readonly float[] _mask = new float[KeypointLanes];
    private float _minFactor;
    private OksEntry[] _entries = new OksEntry[256];
    private int _entryCount;

    /// <summary>Creates an empty matrix.</summary>
    public OksMatrix()
    {
        var factors = ObjectKeypointSimilarity.HalfInverseVariance;
        _minFactor = float.MaxValue;
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            _factor[k] = factors[k];
            _minFactor = MathF.Min(_minFactor, factors[k]);
        }
    }

    /// <summary>Number of poses of the last <see cref="Compute"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Pairs whose OKS was computed in the last call (the others were too far apart to matter).</summary>
    public int ComputedPairs { get; private set; }

    /// <summary>The non-zero entries in row-major order (row &lt; column); every other entry is 0.</summary>
    public ReadOnlySpan<OksEntry> Entries => _entries.AsSpan(0, _entryCount);

    /// <summary>Row-major Count x Count values; zero on and below the diagonal.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count * Count);

    /// <summary>The entries O[row, row + 1 ..] (the part of the row above the diagonal).</summary>
    public ReadOnlySpan<float> UpperRow(int row) => _values.AsSpan((row * Count) + row + 1, Count - row - 1);

    /// <summary>Fills the matrix for <paramref name="poses"/> (already ordered best first).</summary>
    public void Compute(ReadOnlySpan<PersonPose> poses, OksAreaSource areaSource, float visibilityThreshold)
    {
        var n = poses.Length;
        EnsureCapacity(n);
        Count = n;
        ComputedPairs = 0;
        _entryCount = 0;
        const int K = CocoKeypoints.Count;
        var padded = ((n + Lanes - 1) / Lanes) * Lanes;

        // Pose-major coordinates (24 lanes per pose) and box corners; columns past n are far away.
        for (var j = 0; j < padded; j++)
        {
            if (j >= n)
            {
                (_boxX1[j], _boxY1[j], _boxX2[j], _boxY2[j]) = (1e18f, 1e18f, 1e18f, 1e18f);
                continue;
            }

            ReadOnlySpan<Keypoint> keypoints = poses[j].Keypoints;
            float x1 = float.MaxValue, y1 = float.MaxValue, x2 = float.MinValue, y2 = float.MinValue;
            var x = _x.AsSpan(j * KeypointLanes, KeypointLanes);
            var y = _y.AsSpan(j * KeypointLanes, KeypointLanes);
            x.Clear();
            y.Clear();
            for (var k = 0; k < K; k++)
            {
                x[k] = keypoints[k].X;
                y[k] = keypoints[k].Y;
                x1 = MathF.Min(x1, keypoints[k].X);
                y1 = MathF.Min(y1, keypoints[k].Y);
                x2 = MathF.Max(x2, keypoints[k].X);
                y2 = MathF.Max(y2, keypoints[k].Y);
            }

            (_boxX1[j], _boxY1[j], _boxX2[j], _boxY2[j]) = (x1, y1, x2, y2);
            _area[j] = ObjectKeypointSimilarity.PoseArea(poses[j], areaSource, visibilityThreshold);
        }

        var values = _values.AsSpan(0, n * n);
        values.Clear();
        for (var i = 0; i < n - 1; i++)
        {
            ReadOnlySpan<Keypoint> reference = poses[i].Keypoints;
            var visible = 0;
            float vx1 = float.MaxValue, vy1 = float.MaxValue, vx2 = float.MinValue, vy2 = float.MinValue;
            Array.Clear(_mask);
            for (var k = 0; k < K; k++)
            {
                _reference[k] = reference[k].X;
                _reference[KeypointLanes + k] = reference[k].Y;
                if (reference[k].Score > visibilityThreshold)
                {
                    visible++;
                    _mask[k] = BitConverter.Int32BitsToSingle(-1);
                    vx1 = MathF.Min(vx1, reference[k].X);
                    vy1 = MathF.Min(vy1, reference[k].Y);
                    vx2 = MathF.Max(vx2, reference[k].X);
                    vy2 = MathF.Max(vy2, reference[k].Y);
                }
            }

            if (visible == 0)
            {
                continue; // no visible reference keypoint: OKS 0, as the row-wise formula leaves it
            }

            var row = values.Slice(i * n, n);
            for (var j0 = ((i + 1) / Lanes) * Lanes; j0 < n; j0 += Lanes)
            {
                var near = NearColumns(i, j0, (vx1, vy1, vx2, vy2));
                while (near != 0)
                {
                    var j = j0 + System.Numerics.BitOperations.TrailingZeroCount(near);
                    near &= near - 1;
                    if (j > i && j < n)
                    {
                        var oks = Pair(i, j, visible);
                        row[j] = oks;
                        ComputedPairs++;
                        if (oks > 0f)
                        {
                            if (_entryCount == _entries.Length)
                            {
                                Array.Resize(ref _entries, _entryCount * 2);
                            }

                            _entries[_entryCount++] = new OksEntry(i, j, oks);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Bit c set when column j0 + c may have a non-negligible OKS against row <paramref name="i"/>.</summary>
    private uint NearColumns(int i, int j0, (float X1, float Y1, float X2, float Y2) box)
    {
        var at = (nuint)j0;
        if (!Vector256.IsHardwareAccelerated)
        {
            uint bits = 0;
            for (var c = 0; c < Lanes; c++)
            {
                var j = j0 + c;
                var gapX = MathF.Max(0f, MathF.Max(box.X1 - _boxX2[j], _boxX1[j] - box.X2));
                var gapY = MathF.Max(0f, MathF.Max(box.Y1 - _boxY2[j], _boxY1[j] - box.Y2));
                var inverseArea = 1f / (((_area[j] + _area[i]) * 0.5f) + (float)ObjectKeypointSimilarity.AreaEpsilon);
                bits |= ((gapX * gapX) + (gapY * gapY)) * inverseArea * _minFactor <= NegligibleExponent ? 1u << c : 0u;
            }

            return bits;
        }

        var zero = Vector256<float>.Zero;
        var areas = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_area), at);
        var inverse = Vector256.Create(1f) / (((areas + Vector256.Create(_area[i])) * 0.5f) + Vector256.Create((float)ObjectKeypointSimilarity.AreaEpsilon));
        var gx = Vector256.Max(zero, Vector256.Max(Vector256.Create(box.X1) - Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_boxX2), at), Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_boxX1), at) - Vector256.Create(box.X2)));
        var gy = Vector256.Max(zero, Vector256.Max(Vector256.Create(box.Y1) - Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_boxY2), at), Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_boxY1), at) - Vector256.Create(box.Y2)));
        var bound = ((gx * gx) + (gy * gy)) * inverse * Vector256.Create(_minFactor);
        return Vector256.LessThanOrEqual(bound, Vector256.Create(NegligibleExponent)).ExtractMostSignificantBits();
    }

    /// <summary>OKS of pose j against pose i over i's visible keypoints (three 8-wide vectors over the keypoints).</summary>
    private float Pair(int i, int j, int visible)
    {
        var inverseArea = 1f / (((_area[j] + _area[i]) * 0.5f) + (float)ObjectKeypointSimilarity.AreaEpsilon);
        if (!Vector256.IsHardwareAccelerated)
        {
            var total = 0f;
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                if (_mask[k] != 0f)
                {
                    var dx = _x[(j * KeypointLanes) + k] - _reference[k];
                    var dy = _y[(j * KeypointLanes) + k] - _reference[KeypointLanes + k];
                    total += MathF.Exp(((dx * dx) + (dy * dy)) * inverseArea * -_factor[k]);
                }
            }

            return MathF.Min(total / visible, 1f);
        }

        ref var xs = ref MemoryMarshal.GetArrayDataReference(_x);
        ref var ys = ref MemoryMarshal.GetArrayDataReference(_y);
        ref var rx = ref MemoryMarshal.GetArrayDataReference(_reference);
        ref var factor = ref MemoryMarshal.GetArrayDataReference(_factor);
        ref var mask = ref MemoryMarshal.GetArrayDataReference(_mask);
        var scale = Vector256.Create(-inverseArea);
        var e0 = Exponents(ref xs, ref ys, ref rx, ref factor, j, 0, scale);
        var e1 = Exponents(ref xs, ref ys, ref rx, ref factor, j, Lanes, scale);
        var e2 = Exponents(ref xs, ref ys, ref rx, ref factor, j, 2 * Lanes, scale);
        var m0 = Vector256.LoadUnsafe(ref mask, 0);
        var m1 = Vector256.LoadUnsafe(ref mask, Lanes);
        var m2 = Vector256.LoadUnsafe(ref mask, 2 * Lanes);
        var negligible = Vector256.Create(-NegligibleExponent);
        var any = (Vector256.GreaterThan(e0, negligible) & m0) | (Vector256.GreaterThan(e1, negligible) & m1) | (Vector256.GreaterThan(e2, negligible) & m2);
        if (any == Vector256<float>.Zero)
        {
            return 0f; // every visible term is below 1e-8: negligible, as for the pairs culled by their boxes
        }

        var sum = (Vector256.Exp(e0) & m0) + (Vector256.Exp(e1) & m1) + (Vector256.Exp(e2) & m2);

        // The vectorised exp is within an ulp but can exceed 1 (exp(0) = 1.0000001); OKS never does.
        return MathF.Min(Vector256.Sum(sum) / visible, 1f);
    }

    private static Vector256<float> Exponents(ref float xs, ref float ys, ref float reference, ref float factor, int j, int lane, Vector256<float> scale)
    {
        var at = ((nuint)j * KeypointLanes) + (nuint)lane;
        var dx = Vector256.LoadUnsafe(ref xs, at) - Vector256.LoadUnsafe(ref reference, (nuint)lane);
        var dy = Vector256.LoadUnsafe(ref ys, at) - Vector256.LoadUnsafe(ref reference, (nuint)(KeypointLanes + lane));
        return ((dx * dx) + (dy * dy)) * scale * Vector256.LoadUnsafe(ref factor, (nuint)lane);
    }

    private void EnsureCapacity(int n)
    {
        var padded = ((n + Lanes - 1) / Lanes * Lanes) + Lanes;
        if (_area.Length >= padded)
        {
            return;
        }

        var capacity = Math.Max(padded, _area.Length * 2);
        _x = new float[KeypointLanes * capacity];
        _y = new float[KeypointLanes * capacity];
        _area = new float[capacity];
        _boxX1 = new float[capacity];
        _boxY1 = new float[capacity];
        _boxX2 = new float[capacity];
        _boxY2 = new float[capacity];
        _values = new float[capacity * capacity];
    }
}
