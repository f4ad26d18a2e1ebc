using PoseCluster.Pose.Assignment;

namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Associative-embedding grouping as HigherHRNet's <c>HeatmapParser</c> (used by EfficientHRNet): per joint, local
/// maxima of a k x k max-pool NMS, the top-k by value above the detection threshold; joints visited in the configured
/// order, the first seeding one person per candidate; each later joint matched to the persons' mean tags by the
/// Hungarian method on <c>round(|tag - mean|) x 100 - value</c> (padded with 1e10 when there are more candidates than
/// persons), accepted only if the raw distance is below the tag threshold, otherwise a new person; then the
/// quarter-pixel adjustment (+ 0.5) and the refinement of missing joints by <c>argmax(value - round(|tag - mean|))</c>.
/// Person score = mean joint value over the 17 joints (missing = 0), taken before refinement. Persons are kept in
/// creation order with indices (the reference keys them by tag value, which merges two persons that happen to have
/// the same tag; that accident is not reproduced). Tags have one dimension. Coordinates are map cells with pixel
/// centres at +0.5. Allocation-free in steady state; one instance per thread.
/// </summary>
public sealed class AssociativeEmbeddingGrouper
{
    private const double PadCost = 1e10;

    private readonly AssociativeEmbeddingOptions _options;
    private readonly HungarianMatcher _matcher = new();
    private Candidate[] _candidates = new Candidate[32];
    private float[] _personX = new float[64 * CocoKeypoints.Count];
    private float[] _personY = new float[64 * CocoKeypoints.Count];
    private float[] _personValue = new float[64 * CocoKeypoints.Count];
    private float[] _personTag = new float[64 * CocoKeypoints.Count];
    private double[] _tagSum = new double[64];
    private int[] _tagCount = new int[64];
    private float[] _score = new float[64];
    private double[] _cost = new double[64 * 64];
    private double[] _distance = new double[64 * 64];
    private float[] _meanTag = new float[64];
    private int[] _assignment = new int[64];
    private int _persons;

    /// <summary>Creates a grouper with <paramref name="options"/>.</summary>
    public AssociativeEmbeddingGrouper(AssociativeEmbeddingOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The grouping constants.</summary>
    public AssociativeEmbeddingOptions Options => _options;

    /// <summary>Persons found by the last call.</summary>
    public int PersonCount => _persons;

    /// <summary>Joint <paramref name="joint"/> of person <paramref name="person"/> in map cells (value 0 = missing).</summary>
    public Keypoint Joint(int person, int joint)
    {
        var i = (person * CocoKeypoints.Count) + joint;
        return new Keypoint(_personX[i], _personY[i], _personValue[i]);
    }

    /// <summary>Score of person <paramref name="person"/>: mean joint value before refinement.</summary>
    public float Score(int person) => _score[person];

    /// <summary>
    /// Groups 17 heatmaps and 17 tag maps of the same <paramref name="width"/> x <paramref name="height"/> (row-major,
    /// joint-major) into persons; read them with <see cref="PersonCount"/>, <see cref="Joint"/> and <see cref="Score"/>.
    /// </summary>
    public void Group(ReadOnlySpan<float> heatmaps, ReadOnlySpan<float> tags, int width, int height)
    {
        var plane = width * height;
        if (heatmaps.Length < CocoKeypoints.Count * plane || tags.Length < CocoKeypoints.Count * plane)
        {
            throw new ArgumentException($"Heatmaps and tags need {CocoKeypoints.Count} maps of {width}x{height}.");
        }

        _persons = 0;
        for (var order = 0; order < CocoKeypoints.Count; order++)
        {
            var joint = _options.JointOrder[order];
            var count = TopCandidates(heatmaps.Slice(joint * plane, plane), tags.Slice(joint * plane, plane), width, height);
            if (count == 0)
            {
                continue;
            }

            if (order == 0 || _persons == 0)
            {
                for (var c = 0; c < count; c++)
                {
                    AddPerson(joint, _candidates[c]);
                }

                continue;
            }

            Match(joint, count);
        }

        for (var p = 0; p < _persons; p++)
        {
            if (_options.Adjust)
            {
                AdjustPerson(p, heatmaps, width, height);
            }

            var sum = 0f;
            for (var j = 0; j < CocoKeypoints.Count; j++)
            {
                sum += _personValue[(p * CocoKeypoints.Count) + j];
            }

            _score[p] = sum / CocoKeypoints.Count;
        }

        if (_options.Refine)
        {
            for (var p = 0; p < _persons; p++)
            {
                RefinePerson(p, heatmaps, tags, width, height);
            }
        }
    }

    /// <summary>The top-k local maxima (k x k max-pool NMS) above the detection threshold, by value descending.</summary>
    private int TopCandidates(ReadOnlySpan<float> map, ReadOnlySpan<float> tag, int width, int height)
    {
        var k = _options.TopK;
        if (_candidates.Length < k + 1)
        {
            _candidates = new Candidate[k + 1];
        }

        var radius = _options.NmsKernel / 2;
        var threshold = _options.DetectionThreshold;
        var count = 0;
        for (var y = 0; y < height; y++)
        {
            var row = map.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var v = row[x];
                if (!(v > threshold) || (count == k && v <= _candidates[k - 1].Value))
                {
                    continue;
                }

                if (!IsPoolMaximum(map, width, height, x, y, v, radius))
                {
                    continue;
                }

                // Insert keeping value order (ties: earlier position first, as a stable top-k).
                var i = Math.Min(count, k - 1);
                while (i > 0 && _candidates[i - 1].Value < v)
                {
                    _candidates[i] = _candidates[i - 1];
                    i--;
                }

                _candidates[i] = new Candidate(x, y, v, tag[(y * width) + x]);
                count = Math.Min(count + 1, k);
            }
        }

        return count;
    }

    private static bool IsPoolMaximum(ReadOnlySpan<float> map, int width, int height, int x, int y, float v, int radius)
    {
        var y0 = Math.Max(0, y - radius);
        var y1 = Math.Min(height - 1, y + radius);
        var x0 = Math.Max(0, x - radius);
        var x1 = Math.Min(width - 1, x + radius);
        for (var yy = y0; yy <= y1; yy++)
        {
            var row = map.Slice(yy * width, width);
            for (var xx = x0; xx <= x1; xx++)
            {
                if (row[xx] > v)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Hungarian matching of this joint's candidates against the first persons' mean tags.</summary>
    private void Match(int joint, int count)
    {
        var grouped = Math.Min(_persons, _options.MaxPersons);
        var columns = Math.Max(count, grouped);
        EnsureMatrix(count, columns);
        for (var p = 0; p < grouped; p++)
        {
            _meanTag[p] = (float)(_tagSum[p] / _tagCount[p]);
        }

        for (var r = 0; r < count; r++)
        {
            var candidate = _candidates[r];
            for (var p = 0; p < columns; p++)
            {
                var index = (r * columns) + p;
                if (p >= grouped)
                {
                    _cost[index] = PadCost;
                    continue;
                }

                var distance = Math.Abs((double)candidate.Tag - _meanTag[p]);
                _distance[index] = distance;
                _cost[index] = _options.UseDetectionValue ? (Math.Round(distance) * 100) - candidate.Value : distance;
            }
        }

        _matcher.Solve(_cost.AsSpan(0, count * columns), count, columns, _assignment.AsSpan(0, count));
        for (var r = 0; r < count; r++)
        {
            var p = _assignment[r];
            if (p >= 0 && p < grouped && _distance[(r * columns) + p] < _options.TagThreshold)
            {
                SetJoint(p, joint, _candidates[r]);
                _tagSum[p] += _candidates[r].Tag;
                _tagCount[p]++;
            }
            else
            {
                AddPerson(joint, _candidates[r]);
            }
        }
    }

    private void AddPerson(int joint, Candidate candidate)
    {
        if (_persons == _score.Length)
        {
            var n = _persons * 2;
            Array.Resize(ref _personX, n * CocoKeypoints.Count);
            Array.Resize(ref _personY, n * CocoKeypoints.Count);
            Array.Resize(ref _personValue, n * CocoKeypoints.Count);
            Array.Resize(ref _personTag, n * CocoKeypoints.Count);
            Array.Resize(ref _tagSum, n);
            Array.Resize(ref _tagCount, n);
            Array.Resize(ref _score, n);
        }

        var p = _persons++;
        var start = p * CocoKeypoints.Count;
        _personX.AsSpan(start, CocoKeypoints.Count).Clear();
        _personY.AsSpan(start, CocoKeypoints.Count).Clear();
        _personValue.AsSpan(start, CocoKeypoints.Count).Clear();
        _personTag.AsSpan(start, CocoKeypoints.Count).Clear();
        SetJoint(p, joint, candidate);
        _tagSum[p] = candidate.Tag;
        _tagCount[p] = 1;
    }

    private void SetJoint(int person, int joint, Candidate candidate)
    {
        var i = (person * CocoKeypoints.Count) + joint;
        _personX[i] = candidate.X;
        _personY[i] = candidate.Y;
        _personValue[i] = candidate.Value;
        _personTag[i] = candidate.Tag;
    }

    /// <summary>Quarter-cell shift toward the higher neighbour on each axis (down/left when not higher), then + 0.5.</summary>
    private void AdjustPerson(int person, ReadOnlySpan<float> heatmaps, int width, int height)
    {
        var plane = width * height;
        for (var j = 0; j < CocoKeypoints.Count; j++)
        {
            var i = (person * CocoKeypoints.Count) + j;
            if (!(_personValue[i] > 0))
            {
                continue;
            }

            var map = heatmaps.Slice(j * plane, plane);
            var x = (int)_personX[i];
            var y = (int)_personY[i];
            _personX[i] = Shift(map, width, height, x, y, _personX[i], horizontal: true) + 0.5f;
            _personY[i] = Shift(map, width, height, x, y, _personY[i], horizontal: false) + 0.5f;
        }
    }

    private static float Shift(ReadOnlySpan<float> map, int width, int height, int x, int y, float coordinate, bool horizontal)
    {
        float next, previous;
        if (horizontal)
        {
            next = map[(y * width) + Math.Min(x + 1, width - 1)];
            previous = map[(y * width) + Math.Max(x - 1, 0)];
        }
        else
        {
            next = map[(Math.Min(y + 1, height - 1) * width) + x];
            previous = map[(Math.Max(y - 1, 0) * width) + x];
        }

        return next > previous ? coordinate + 0.25f : coordinate - 0.25f;
    }

    /// <summary>Fills each missing joint with argmax(value - round(|tag - person's mean tag|)) over the whole map.</summary>
    private void RefinePerson(int person, ReadOnlySpan<float> heatmaps, ReadOnlySpan<float> tags, int width, int height)
    {
        var plane = width * height;
        var start = person * CocoKeypoints.Count;
        double sum = 0;
        var n = 0;
        for (var j = 0; j < CocoKeypoints.Count; j++)
        {
            if (_personValue[start + j] > 0)
            {
                // The mean tag is read back at the (adjusted) joint positions, truncated to cells, as the reference does.
                var x = Math.Clamp((int)_personX[start + j], 0, width - 1);
                var y = Math.Clamp((int)_personY[start + j], 0, height - 1);
                sum += tags[(j * plane) + (y * width) + x];
                n++;
            }
        }

        if (n == 0)
        {
            return;
        }

        var mean = (float)(sum / n);
        for (var j = 0; j < CocoKeypoints.Count; j++)
        {
            if (_personValue[start + j] != 0)
            {
                continue;
            }

            var map = heatmaps.Slice(j * plane, plane);
            var tag = tags.Slice(j * plane, plane);
            var best = float.NegativeInfinity;
            var bestIndex = 0;
            for (var i = 0; i < plane; i++)
            {
                var score = map[i] - MathF.Round(MathF.Abs(tag[i] - mean));
                if (score > best)
                {
                    best = score;
                    bestIndex = i;
                }
            }

            var value = map[bestIndex];
            if (!(value > 0))
            {
                continue;
            }

            var bx = bestIndex % width;
            var by = bestIndex / width;
            _personX[start + j] = Shift(map, width, height, bx, by, bx + 0.5f, horizontal: true);
            _personY[start + j] = Shift(map, width, height, bx, by, by + 0.5f, horizontal: false);
            _personValue[start + j] = value;
        }
    }

    private void EnsureMatrix(int rows, int columns)
    {
        if (_cost.Length < rows * columns)
        {
            _cost = new double[rows * columns * 2];
            _distance = new double[rows * columns * 2];
        }

        if (_assignment.Length < rows)
        {
            _assignment = new int[rows * 2];
        }

        if (_meanTag.Length < columns)
        {
            _meanTag = new float[columns * 2];
        }
    }

    private readonly record struct Candidate(int X, int Y, float Value, float Tag);
}
