using System.Numerics.Tensors;

namespace PoseCluster.Pose.Nms;

/// <summary>
/// The strictly upper-triangular OKS matrix of a best-first list of poses: O[i, j] (i &lt; j) is the OKS of pose j
/// against the higher-scored pose i, the same value as <see cref="ObjectKeypointSimilarity.BetweenPoses"/> with the
/// mean of the two areas. Computed row by row with vector operations over the columns on a keypoint-major copy of the
/// coordinates. Scratch buffers grow on demand and are reused; not thread-safe.
/// </summary>
internal sealed class OksMatrix
{
    private float[] _x = [];
    private float[] _y = [];
    private float[] _area = [];
    private float[] _values = [];
    private float[] _rowArea = [];
    private float[] _rowTerm = [];
    private float[] _rowDy = [];

    /// <summary>Number of poses of the last <see cref="Compute"/>.</summary>
    public int Count { get; private set; }

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
        const int K = CocoKeypoints.Count;
        for (var j = 0; j < n; j++)
        {
            ReadOnlySpan<Keypoint> keypoints = poses[j].Keypoints;
            for (var k = 0; k < K; k++)
            {
                _x[(k * n) + j] = keypoints[k].X;
                _y[(k * n) + j] = keypoints[k].Y;
            }

            _area[j] = ObjectKeypointSimilarity.PoseArea(poses[j], areaSource, visibilityThreshold);
        }

        var values = _values.AsSpan(0, n * n);
        values.Clear();
        var factors = ObjectKeypointSimilarity.HalfInverseVariance;
        for (var i = 0; i < n - 1; i++)
        {
            var m = n - i - 1;
            var row = values.Slice((i * n) + i + 1, m);
            var inverseArea = _rowArea.AsSpan(0, m);
            var term = _rowTerm.AsSpan(0, m);
            var dy = _rowDy.AsSpan(0, m);

            // 1 / ((a_i + a_j) / 2 + eps) for every column j at once.
            TensorPrimitives.Add(_area.AsSpan(i + 1, m), _area[i], inverseArea);
            TensorPrimitives.Multiply(inverseArea, 0.5f, inverseArea);
            TensorPrimitives.Add(inverseArea, (float)ObjectKeypointSimilarity.AreaEpsilon, inverseArea);
            TensorPrimitives.Reciprocal(inverseArea, inverseArea);

            ReadOnlySpan<Keypoint> reference = poses[i].Keypoints;
            var visible = 0;
            for (var k = 0; k < K; k++)
            {
                if (!(reference[k].Score > visibilityThreshold))
                {
                    continue;
                }

                visible++;
                TensorPrimitives.Subtract(_x.AsSpan((k * n) + i + 1, m), reference[k].X, term);
                TensorPrimitives.Multiply(term, term, term);
                TensorPrimitives.Subtract(_y.AsSpan((k * n) + i + 1, m), reference[k].Y, dy);
                TensorPrimitives.MultiplyAdd(dy, dy, term, term);
                TensorPrimitives.Multiply(term, inverseArea, term);
                TensorPrimitives.Multiply(term, -factors[k], term);
                TensorPrimitives.Exp(term, term);
                TensorPrimitives.Add(row, term, row);
            }

            if (visible > 0)
            {
                TensorPrimitives.Divide(row, visible, row);

                // The vectorised exp is within an ulp but can exceed 1 (exp(0) = 1.0000001); OKS never does.
                TensorPrimitives.Min(row, 1f, row);
            }
        }
    }

    private void EnsureCapacity(int n)
    {
        if (_area.Length >= n)
        {
            return;
        }

        var capacity = Math.Max(n, _area.Length * 2);
        _x = new float[CocoKeypoints.Count * capacity];
        _y = new float[CocoKeypoints.Count * capacity];
        _area = new float[capacity];
        _values = new float[capacity * capacity];
        _rowArea = new float[capacity];
        _rowTerm = new float[capacity];
        _rowDy = new float[capacity];
    }
}
