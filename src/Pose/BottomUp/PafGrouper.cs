namespace PoseCluster.Pose.BottomUp;

/// <summary>
/// Groups keypoint peaks into poses with part affinity fields, as Lightweight OpenPose's <c>group_keypoints</c>:
/// every candidate pair of a limb is scored by the line integral of its field (samples rounded to upsampled pixels,
/// projection onto the unit limb vector, success ratio and the distance prior), pairs are assigned greedily by score
/// (each keypoint once per limb), and limbs are assembled in table order (the last <c>FillLimbs</c> limbs only fill
/// missing ends). Pair scoring rejects a pair as soon as more samples failed than the success ratio allows, starting
/// with the two end samples whose field values are read once per peak; results are identical to scoring all
/// samples. Assembly finds the pose holding a keypoint through an index instead of scanning all poses. Buffers grow
/// to the largest frame seen and are reused; one instance per thread.
/// </summary>
internal sealed class PafGrouper
{
    private readonly PafDecoderOptions _options;
    private readonly PafLimb[] _limbs;
    private readonly int _keypoints;
    private readonly int _maxFailures;
    private readonly int[] _sampleOrder;

    private Candidate[] _candidates = new Candidate[256];
    private Connection[] _connections = new Connection[64];
    private float[] _fieldA = new float[128];
    private float[] _fieldB = new float[128];
    private bool[] _usedA = new bool[64];
    private bool[] _usedB = new bool[64];
    private int[] _poseOf = new int[256];
    private int[] _poseKeypoints = new int[64 * 18];
    private int[] _poseCount = new int[64];
    private double[] _poseScore = new double[64];
    private int _poses;

    public PafGrouper(PafDecoderOptions options)
    {
        _options = options;
        _limbs = [.. options.Limbs];
        _keypoints = options.Keypoints;

        // The least number of passing samples whose fraction exceeds the success ratio (computed as the reference does).
        var minPassed = 0;
        while (minPassed <= options.PafSamples && !((double)minPassed / options.PafSamples > options.PafSuccessRatio))
        {
            minPassed++;
        }

        _maxFailures = options.PafSamples - minPassed;

        // Inner samples from the middle outwards: a wrong pair's middle usually lies off any limb, so it fails first.
        _sampleOrder = [.. Enumerable.Range(1, options.PafSamples - 2).OrderBy(k => Math.Abs((2 * k) - (options.PafSamples - 1))).ThenBy(k => k)];
    }

    /// <summary>Poses before filtering.</summary>
    public int PoseCount => _poses;

    /// <summary>Candidate pairs whose line integral was (at least partly) evaluated in the last call.</summary>
    public long PairsScored { get; private set; }

    /// <summary>Keypoint peak ids of pose <paramref name="pose"/> per model keypoint type (-1 = missing).</summary>
    public ReadOnlySpan<int> Keypoints(int pose) => _poseKeypoints.AsSpan(pose * _keypoints, _keypoints);

    /// <summary>Keypoints counted for pose <paramref name="pose"/> (ends added by fill limbs are not counted).</summary>
    public int KeypointCount(int pose) => _poseCount[pose];

    /// <summary>Total score of pose <paramref name="pose"/>: its counted keypoints' peak values plus its limb scores.</summary>
    public double TotalScore(int pose) => _poseScore[pose];

    /// <summary>Whether pose <paramref name="pose"/> passes the minimum keypoint count and mean score.</summary>
    public bool IsKept(int pose) =>
        _poseCount[pose] >= _options.MinKeypoints && _poseScore[pose] / _poseCount[pose] >= _options.MinMeanScore;

    /// <summary>
    /// Groups <paramref name="peaks"/> (type t's peaks are <c>peaks[typeStart[t]..typeStart[t+1]]</c>, positions in
    /// upsampled pixels) using the fields of <paramref name="maps"/> (channels x <paramref name="height"/> x
    /// <paramref name="width"/>, low resolution) read through <paramref name="field"/>.
    /// </summary>
    public void Group(ReadOnlySpan<KeypointPeak> peaks, ReadOnlySpan<int> typeStart, ReadOnlySpan<float> maps, int width, int height, UpsamplingKernel field)
    {
        _poses = 0;
        PairsScored = 0;
        EnsurePeaks(peaks.Length);
        _poseOf.AsSpan(0, peaks.Length).Fill(-1);
        var plane = width * height;
        var halfHeight = height * field.Factor / 2;
        var fillFrom = _limbs.Length - _options.FillLimbs;

        for (var li = 0; li < _limbs.Length; li++)
        {
            var limb = _limbs[li];
            var startA = typeStart[limb.A];
            var startB = typeStart[limb.B];
            var nA = typeStart[limb.A + 1] - startA;
            var nB = typeStart[limb.B + 1] - startB;
            if (nA == 0 || nB == 0)
            {
                // The reference then makes one-keypoint poses; attaching to one later equals starting a new pose,
                // and one left alone is filtered out, so nothing is needed here.
                continue;
            }

            var fx = maps.Slice(limb.ChannelX * plane, plane);
            var fy = maps.Slice(limb.ChannelY * plane, plane);
            var candidates = ScorePairs(peaks.Slice(startA, nA), peaks.Slice(startB, nB), fx, fy, width, height, field, halfHeight);
            var connections = Assign(candidates, nA, nB, startA, startB);
            if (connections == 0)
            {
                continue;
            }

            if (li >= fillFrom)
            {
                Fill(limb, connections);
            }
            else
            {
                Attach(limb, connections, peaks);
            }
        }
    }

    private void EnsurePeaks(int count)
    {
        if (_poseOf.Length < count)
        {
            _poseOf = new int[Math.Max(count, _poseOf.Length * 2)];
        }
    }

    /// <summary>Scores every A x B pair; returns the number of accepted candidates in <see cref="_candidates"/>.</summary>
    private int ScorePairs(ReadOnlySpan<KeypointPeak> a, ReadOnlySpan<KeypointPeak> b, ReadOnlySpan<float> fx, ReadOnlySpan<float> fy, int width, int height, UpsamplingKernel field, int halfHeight)
    {
        if (_fieldA.Length < a.Length * 2)
        {
            _fieldA = new float[a.Length * 4];
        }

        if (_fieldB.Length < b.Length * 2)
        {
            _fieldB = new float[b.Length * 4];
        }

        // The first and last samples sit on the peaks themselves: read their field once per peak.
        for (var i = 0; i < a.Length; i++)
        {
            _fieldA[2 * i] = field.Sample(fx, width, height, a[i].X, a[i].Y);
            _fieldA[(2 * i) + 1] = field.Sample(fy, width, height, a[i].X, a[i].Y);
        }

        for (var j = 0; j < b.Length; j++)
        {
            _fieldB[2 * j] = field.Sample(fx, width, height, b[j].X, b[j].Y);
            _fieldB[(2 * j) + 1] = field.Sample(fy, width, height, b[j].X, b[j].Y);
        }

        var samples = _options.PafSamples;
        var threshold = _options.PafScoreThreshold;
        var maxFailures = _maxFailures;
        var stepScale = 1.0 / (samples - 1);
        var successRatio = _options.PafSuccessRatio;
        var distancePrior = _options.DistancePrior;
        var count = 0;
        long scored = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var ax = a[i].X;
            var ay = a[i].Y;
            var fax = _fieldA[2 * i];
            var fay = _fieldA[(2 * i) + 1];
            for (var j = 0; j < b.Length; j++)
            {
                var dx = b[j].X - ax;
                var dy = b[j].Y - ay;
                if (dx == 0 && dy == 0)
                {
                    continue;
                }

                var norm = Math.Sqrt((double)((dx * dx) + (dy * dy)));
                var vx = dx / norm;
                var vy = dy / norm;
                var failures = 0;
                var passed = 0;
                var sum = 0.0;
                var s = (vx * fax) + (vy * fay);
                if (s > threshold)
                {
                    passed++;
                    sum += s;
                }
                else
                {
                    failures++;
                }

                s = (vx * _fieldB[2 * j]) + (vy * _fieldB[(2 * j) + 1]);
                if (s > threshold)
                {
                    passed++;
                    sum += s;
                }
                else
                {
                    failures++;
                }

                if (failures > maxFailures)
                {
                    continue;
                }

                scored++;
                var stepX = stepScale * dx;
                var stepY = stepScale * dy;
                for (var o = 0; o < samples - 2 && failures <= maxFailures; o++)
                {
                    var k = _sampleOrder[o];
                    var px = (int)Math.Round(ax + (k * stepX));
                    var py = (int)Math.Round(ay + (k * stepY));
                    field.SamplePair(fx, fy, width, height, px, py, out var sx, out var sy);
                    s = (vx * sx) + (vy * sy);
                    if (s > threshold)
                    {
                        passed++;
                        sum += s;
                    }
                    else
                    {
                        failures++;
                    }
                }

                if (failures > maxFailures)
                {
                    continue;
                }

                var ratio = passed > 0 ? sum / passed : 0.0;
                if (distancePrior)
                {
                    ratio += Math.Min((halfHeight / norm) - 1, 0);
                }
                if (ratio > 0 && (double)passed / samples > successRatio)
                {
                    if (count == _candidates.Length)
                    {
                        Array.Resize(ref _candidates, count * 2);
                    }

                    _candidates[count++] = new Candidate(i, j, ratio);
                }
            }
        }

        PairsScored += scored;
        return count;
    }

    /// <summary>Greedy assignment by descending score (ties in pair order), each keypoint at most once.</summary>
    private int Assign(int candidates, int nA, int nB, int startA, int startB)
    {
        var list = _candidates.AsSpan(0, candidates);
        list.Sort(static (x, y) =>
        {
            var c = y.Score.CompareTo(x.Score);
            if (c != 0)
            {
                return c;
            }

            c = x.A.CompareTo(y.A);
            return c != 0 ? c : x.B.CompareTo(y.B);
        });

        if (_usedA.Length < nA)
        {
            _usedA = new bool[nA * 2];
        }

        if (_usedB.Length < nB)
        {
            _usedB = new bool[nB * 2];
        }

        _usedA.AsSpan(0, nA).Clear();
        _usedB.AsSpan(0, nB).Clear();
        var most = Math.Min(nA, nB);
        var count = 0;
        foreach (var c in list)
        {
            if (count == most)
            {
                break;
            }

            if (_usedA[c.A] || _usedB[c.B])
            {
                continue;
            }

            _usedA[c.A] = true;
            _usedB[c.B] = true;
            if (count == _connections.Length)
            {
                Array.Resize(ref _connections, count * 2);
            }

            _connections[count++] = new Connection(startA + c.A, startB + c.B, c.Score);
        }

        return count;
    }

    /// <summary>Adds each connection to the pose holding its A keypoint, or starts a new pose.</summary>
    private void Attach(PafLimb limb, int connections, ReadOnlySpan<KeypointPeak> peaks)
    {
        for (var c = 0; c < connections; c++)
        {
            var conn = _connections[c];
            var pose = _poseOf[conn.A];
            if (pose >= 0)
            {
                _poseKeypoints[(pose * _keypoints) + limb.B] = conn.B;
                _poseCount[pose]++;
                _poseScore[pose] += peaks[conn.B].Score + conn.Score;
                _poseOf[conn.B] = pose;
                continue;
            }

            pose = NewPose();
            _poseKeypoints[(pose * _keypoints) + limb.A] = conn.A;
            _poseKeypoints[(pose * _keypoints) + limb.B] = conn.B;
            _poseCount[pose] = 2;
            _poseScore[pose] = peaks[conn.A].Score + peaks[conn.B].Score + conn.Score;
            _poseOf[conn.A] = pose;
            _poseOf[conn.B] = pose;
        }
    }

    /// <summary>Fill-only limbs: set the missing end of a pose holding the other end (counts and scores unchanged).</summary>
    private void Fill(PafLimb limb, int connections)
    {
        for (var c = 0; c < connections; c++)
        {
            var conn = _connections[c];
            var withA = _poseOf[conn.A];
            var withB = _poseOf[conn.B];
            if (withA >= 0 && _poseKeypoints[(withA * _keypoints) + limb.B] < 0)
            {
                _poseKeypoints[(withA * _keypoints) + limb.B] = conn.B;
            }

            if (withB >= 0 && withB != withA && _poseKeypoints[(withB * _keypoints) + limb.A] < 0)
            {
                _poseKeypoints[(withB * _keypoints) + limb.A] = conn.A;
            }
        }
    }

    private int NewPose()
    {
        if (_poses == _poseCount.Length)
        {
            Array.Resize(ref _poseCount, _poses * 2);
            Array.Resize(ref _poseScore, _poses * 2);
            Array.Resize(ref _poseKeypoints, _poses * 2 * _keypoints);
        }

        _poseKeypoints.AsSpan(_poses * _keypoints, _keypoints).Fill(-1);
        return _poses++;
    }

    private readonly record struct Candidate(int A, int B, double Score);

    private readonly record struct Connection(int A, int B, double Score);
}
