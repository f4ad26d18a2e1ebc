namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// PoseNet/BodyPix multi-person decoding (TF.js <c>decodeMultiplePoses</c>): every part cell whose sigmoid score is at
/// least the threshold and the maximum of its local window is a root candidate, taken in score order; a root within
/// the NMS radius of the same part of an earlier pose is skipped; otherwise the pose is grown along the 16-edge tree
/// (backward displacements toward the root, then forward ones), each hop followed by short-offset refinement steps on
/// the nearest cell; instance score = mean over the 17 parts of the scores of parts not within the NMS radius of an
/// earlier pose (squared distances). Maps are NHWC [H, W, C] of one image; coordinates in input pixels. Allocation-free
/// in steady state; one instance per thread.
/// </summary>
public sealed class PoseNetDecoder
{
    /// <summary>Parent -> child edges of the PoseNet tree (COCO-17 indices), in PoseNet's order.</summary>
    public static readonly IReadOnlyList<(int Parent, int Child)> Edges =
    [
        (0, 1), (1, 3), (0, 2), (2, 4), (0, 5), (5, 7), (7, 9), (5, 11), (11, 13), (13, 15), (0, 6), (6, 8), (8, 10),
        (6, 12), (12, 14), (14, 16),
    ];

    private const int Parts = CocoKeypoints.Count;

    private readonly PoseNetDecoderOptions _options;
    private readonly (int Parent, int Child)[] _edges = [.. Edges];
    private Root[] _queue = new Root[256];
    private float[] _scores = [];
    private Keypoint[] _poses = new Keypoint[32 * Parts];
    private bool[] _found = new bool[Parts];
    private float[] _poseScores = new float[32];
    private int _poseCount;

    /// <summary>Creates a decoder with <paramref name="options"/>.</summary>
    public PoseNetDecoder(PoseNetDecoderOptions options)
    {
        _options = options;
    }

    /// <summary>The decoding constants.</summary>
    public PoseNetDecoderOptions Options => _options;

    /// <summary>Poses decoded by the last call.</summary>
    public int PoseCount => _poseCount;

    /// <summary>Part <paramref name="part"/> of pose <paramref name="pose"/> (input pixels, part score).</summary>
    public Keypoint Part(int pose, int part) => _poses[(pose * Parts) + part];

    /// <summary>Instance score of pose <paramref name="pose"/>.</summary>
    public float Score(int pose) => _poseScores[pose];

    /// <summary>
    /// Decodes heatmap logits [H, W, 17], short offsets [H, W, 34] (dy then dx), and forward/backward displacements
    /// [H, W, 32] (dy then dx per edge).
    /// </summary>
    public void Decode(ReadOnlySpan<float> heatmapLogits, ReadOnlySpan<float> offsets, ReadOnlySpan<float> displacementFwd, ReadOnlySpan<float> displacementBwd, int width, int height)
    {
        var cells = width * height;
        if (heatmapLogits.Length < cells * Parts || offsets.Length < cells * 2 * Parts || displacementFwd.Length < cells * 32 || displacementBwd.Length < cells * 32)
        {
            throw new ArgumentException($"The PoseNet maps do not hold {width}x{height} cells.");
        }

        if (_scores.Length < cells * Parts)
        {
            _scores = new float[cells * Parts];
        }

        var scores = _scores.AsSpan(0, cells * Parts);
        System.Numerics.Tensors.TensorPrimitives.Sigmoid(heatmapLogits[..(cells * Parts)], scores);
        var roots = BuildQueue(scores, width, height);
        _poseCount = 0;
        var squaredRadius = _options.NmsRadius * _options.NmsRadius;
        for (var r = 0; r < roots && _poseCount < _options.MaxPersons; r++)
        {
            var root = _queue[r];
            var rootPoint = ImageCoords(root.Part, root.X, root.Y, offsets, width);
            if (WithinRadius(squaredRadius, rootPoint.X, rootPoint.Y, root.Part, _poseCount))
            {
                continue;
            }

            var pose = _poseCount;
            EnsurePoses(pose + 1);
            var keypoints = _poses.AsSpan(pose * Parts, Parts);
            _found.AsSpan().Clear();
            keypoints[root.Part] = new Keypoint(rootPoint.X, rootPoint.Y, root.Score);
            _found[root.Part] = true;

            // Toward the root of the tree with backward displacements, then away from it with forward ones.
            for (var e = _edges.Length - 1; e >= 0; e--)
            {
                var (parent, child) = _edges[e];
                if (_found[child] && !_found[parent])
                {
                    keypoints[parent] = Traverse(e, keypoints[child], parent, scores, offsets, displacementBwd, width, height);
                    _found[parent] = true;
                }
            }

            for (var e = 0; e < _edges.Length; e++)
            {
                var (parent, child) = _edges[e];
                if (_found[parent] && !_found[child])
                {
                    keypoints[child] = Traverse(e, keypoints[parent], child, scores, offsets, displacementFwd, width, height);
                    _found[child] = true;
                }
            }

            // Instance score counts only parts not already claimed by an earlier pose.
            var sum = 0f;
            for (var k = 0; k < Parts; k++)
            {
                if (!WithinRadius(squaredRadius, keypoints[k].X, keypoints[k].Y, k, pose))
                {
                    sum += keypoints[k].Score;
                }
            }

            _poseScores[pose] = sum / Parts;
            _poseCount++;
        }
    }

    /// <summary>Local maxima above the threshold, sorted by score descending (a max-heap's pop order; ties by scan order).</summary>
    private int BuildQueue(ReadOnlySpan<float> scores, int width, int height)
    {
        var radius = _options.LocalMaximumRadius;
        var threshold = _options.ScoreThreshold;
        var count = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var cell = ((y * width) + x) * Parts;
                for (var k = 0; k < Parts; k++)
                {
                    var score = scores[cell + k];
                    if (score < threshold || !IsLocalMaximum(scores, width, height, x, y, k, score, radius))
                    {
                        continue;
                    }

                    if (count == _queue.Length)
                    {
                        Array.Resize(ref _queue, count * 2);
                    }

                    _queue[count++] = new Root(k, x, y, score, count);
                }
            }
        }

        _queue.AsSpan(0, count).Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Order.CompareTo(b.Order));
        return count;
    }

    private static bool IsLocalMaximum(ReadOnlySpan<float> scores, int width, int height, int x, int y, int part, float score, int radius)
    {
        var y0 = Math.Max(y - radius, 0);
        var y1 = Math.Min(y + radius + 1, height);
        var x0 = Math.Max(x - radius, 0);
        var x1 = Math.Min(x + radius + 1, width);
        for (var yy = y0; yy < y1; yy++)
        {
            for (var xx = x0; xx < x1; xx++)
            {
                if (scores[(((yy * width) + xx) * Parts) + part] > score)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private (float X, float Y) ImageCoords(int part, int x, int y, ReadOnlySpan<float> offsets, int width)
    {
        var cell = ((y * width) + x) * 2 * Parts;
        return ((x * _options.OutputStride) + offsets[cell + Parts + part], (y * _options.OutputStride) + offsets[cell + part]);
    }

    /// <summary>One hop along edge <paramref name="edge"/>: displacement at the source's nearest cell, then refinement.</summary>
    private Keypoint Traverse(int edge, Keypoint source, int target, ReadOnlySpan<float> scores, ReadOnlySpan<float> offsets, ReadOnlySpan<float> displacements, int width, int height)
    {
        var edges = displacements.Length / (width * height) / 2;
        var (sx, sy) = NearestCell(source.X, source.Y, width, height);
        var cell = ((sy * width) + sx) * 2 * edges;
        var x = source.X + displacements[cell + edges + edge];
        var y = source.Y + displacements[cell + edge];
        for (var i = 0; i < _options.RefineSteps; i++)
        {
            var (tx, ty) = NearestCell(x, y, width, height);
            (x, y) = ImageCoords(target, tx, ty, offsets, width);
        }

        var (fx, fy) = NearestCell(x, y, width, height);
        return new Keypoint(x, y, scores[(((fy * width) + fx) * Parts) + target]);
    }

    /// <summary>The cell nearest a point (JavaScript Math.round: halves round up), clamped to the map.</summary>
    private (int X, int Y) NearestCell(float x, float y, int width, int height)
    {
        var stride = _options.OutputStride;
        return (Math.Clamp((int)Math.Floor((x / stride) + 0.5f), 0, width - 1), Math.Clamp((int)Math.Floor((y / stride) + 0.5f), 0, height - 1));
    }

    private bool WithinRadius(float squaredRadius, float x, float y, int part, int poses)
    {
        for (var p = 0; p < poses; p++)
        {
            var k = _poses[(p * Parts) + part];
            var dx = k.X - x;
            var dy = k.Y - y;
            if ((dx * dx) + (dy * dy) <= squaredRadius)
            {
                return true;
            }
        }

        return false;
    }

    private void EnsurePoses(int count)
    {
        if (_poseScores.Length < count)
        {
            Array.Resize(ref _poseScores, count * 2);
            Array.Resize(ref _poses, count * 2 * Parts);
        }
    }

    private readonly record struct Root(int Part, int X, int Y, float Score, int Order);
}
