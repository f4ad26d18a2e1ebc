using PoseCluster.Pose.Assignment;
using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>
/// Accumulates the MOT metrics of one sequence, frame by frame (py-motmetrics semantics). Per frame (CLEAR MOT): a
/// ground truth keeps the track it was last matched to when that pair is still similar enough; the rest are matched by
/// an optimal assignment on 1 - similarity among the pairs at or above the threshold; a match to another track than the
/// ground truth's previous one is an ID switch; unmatched ground truths are misses, unmatched outputs false positives.
/// Identity metrics: at the end, ground-truth and track ids are paired one-to-one to maximise the frames in which the
/// pair is similar enough (the global optimum, by the Hungarian method); IDTP is that total.
/// Ground truths are the persons of the truth frame (id = <see cref="PersonPose.TrackId"/>); outputs are the persons
/// of the tracker's frame with a track id &gt; 0.
/// </summary>
public sealed class MotAccumulator
{
    private readonly MotEvaluatorOptions _options;
    private readonly CostLimitedAssignment _assignment = new();
    private readonly Dictionary<int, int> _lastMatch = [];
    private readonly Dictionary<(int Truth, int Track), int> _pairFrames = [];
    private readonly Dictionary<int, int> _truthFrames = [];
    private readonly Dictionary<int, int> _trackFrames = [];
    private readonly List<int> _truthIndex = [];
    private readonly List<int> _trackIndex = [];
    private double[] _similarity = new double[64];
    private double[] _cost = new double[64];
    private int[] _columnOfRow = new int[16];
    private bool[] _truthMatched = new bool[16];
    private bool[] _trackMatched = new bool[16];
    private long _frames;
    private long _truths;
    private long _hypotheses;
    private long _matches;
    private long _switches;
    private double _similaritySum;

    /// <summary>Creates an accumulator with <paramref name="options"/> (defaults: box IoU at 0.5).</summary>
    public MotAccumulator(MotEvaluatorOptions? options = null)
    {
        _options = options ?? new MotEvaluatorOptions();
        _options.Validate();
    }

    /// <summary>Adds one frame: the ground truth and the tracker's output for the same image.</summary>
    public void AddFrame(PoseFrame truth, PoseFrame output)
    {
        var gt = truth.Persons;
        var hyp = output.Persons;
        _frames++;
        _truthIndex.Clear();
        _trackIndex.Clear();
        for (var i = 0; i < gt.Length; i++)
        {
            if (gt[i].TrackId <= 0)
            {
                throw new ArgumentException($"Ground-truth person {i} of frame {truth.FrameId} has no id (TrackId must be > 0).");
            }

            _truthIndex.Add(i);
            Increment(_truthFrames, gt[i].TrackId);
        }

        for (var j = 0; j < hyp.Length; j++)
        {
            if (hyp[j].TrackId > 0)
            {
                _trackIndex.Add(j);
                Increment(_trackFrames, hyp[j].TrackId);
            }
        }

        var rows = _truthIndex.Count;
        var columns = _trackIndex.Count;
        _truths += rows;
        _hypotheses += columns;
        Ensure(rows, columns);
        var similarity = _similarity.AsSpan(0, rows * columns);
        for (var r = 0; r < rows; r++)
        {
            ref var g = ref gt[_truthIndex[r]];
            for (var c = 0; c < columns; c++)
            {
                ref var h = ref hyp[_trackIndex[c]];
                var s = Similarity(g, h);
                similarity[(r * columns) + c] = s;
                if (s >= _options.Threshold)
                {
                    var key = (g.TrackId, h.TrackId);
                    _pairFrames[key] = _pairFrames.GetValueOrDefault(key) + 1;
                }
            }
        }

        var truthMatched = _truthMatched.AsSpan(0, rows);
        var trackMatched = _trackMatched.AsSpan(0, columns);
        truthMatched.Clear();
        trackMatched.Clear();

        // 1. Continuity: keep last matches that are still valid.
        for (var r = 0; r < rows; r++)
        {
            if (!_lastMatch.TryGetValue(gt[_truthIndex[r]].TrackId, out var previous))
            {
                continue;
            }

            for (var c = 0; c < columns; c++)
            {
                if (!trackMatched[c] && hyp[_trackIndex[c]].TrackId == previous && similarity[(r * columns) + c] >= _options.Threshold)
                {
                    truthMatched[r] = true;
                    trackMatched[c] = true;
                    _matches++;
                    _similaritySum += similarity[(r * columns) + c];
                    break;
                }
            }
        }

        // 2. Optimal assignment of the rest; a pair below the threshold is never matched.
        var cost = _cost.AsSpan(0, rows * columns);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var s = similarity[(r * columns) + c];
                cost[(r * columns) + c] = truthMatched[r] || trackMatched[c] || s < _options.Threshold ? double.PositiveInfinity : 1.0 - s;
            }
        }

        // Costs lie in [0, 1 - threshold]; the limit admits exactly those.
        var columnOfRow = _columnOfRow.AsSpan(0, rows);
        _assignment.Solve(cost, rows, columns, 1.0 - _options.Threshold + 1e-9, columnOfRow);
        for (var r = 0; r < rows; r++)
        {
            var c = columnOfRow[r];
            if (c < 0)
            {
                continue;
            }

            var truthId = gt[_truthIndex[r]].TrackId;
            var trackId = hyp[_trackIndex[c]].TrackId;
            truthMatched[r] = true;
            trackMatched[c] = true;
            _matches++;
            _similaritySum += similarity[(r * columns) + c];
            if (_lastMatch.TryGetValue(truthId, out var previous) && previous != trackId)
            {
                _switches++;
            }

            _lastMatch[truthId] = trackId;
        }
    }

    /// <summary>The metrics of the frames added so far (identity metrics solved now).</summary>
    public MotMetrics Compute()
    {
        var truthIds = _truthFrames.Keys.Order().ToArray();
        var trackIds = _trackFrames.Keys.Order().ToArray();
        long idtp = 0;
        if (truthIds.Length > 0 && trackIds.Length > 0)
        {
            // Maximise the co-matched frames: minimise their negation (pairs never similar cost 0 and add nothing).
            var cost = new double[truthIds.Length * trackIds.Length];
            for (var r = 0; r < truthIds.Length; r++)
            {
                for (var c = 0; c < trackIds.Length; c++)
                {
                    cost[(r * trackIds.Length) + c] = -_pairFrames.GetValueOrDefault((truthIds[r], trackIds[c]));
                }
            }

            var result = new int[truthIds.Length];
            idtp = (long)Math.Round(-new HungarianMatcher().Solve(cost, truthIds.Length, trackIds.Length, result));
        }

        var misses = _truths - _matches;
        var falsePositives = _hypotheses - _matches;
        return new MotMetrics(
            _frames, _truths, _hypotheses, _matches, misses, falsePositives, _switches, _similaritySum, idtp, _hypotheses - idtp, _truths - idtp);
    }

    private double Similarity(in PersonPose truth, in PersonPose output)
    {
        if (_options.Similarity == MotSimilarity.BoxIoU)
        {
            return truth.Box.IoU(output.Box);
        }

        // Labelled ground-truth keypoints have a score above 0; the truth is the OKS reference, as in cocoeval.
        return ObjectKeypointSimilarity.BetweenPoses(truth.Keypoints, output.Keypoints, truth.Box.Area, 0f);
    }

    private static void Increment(Dictionary<int, int> counts, int id) => counts[id] = counts.GetValueOrDefault(id) + 1;

    private void Ensure(int rows, int columns)
    {
        if (_similarity.Length < rows * columns)
        {
            _similarity = new double[rows * columns * 2];
            _cost = new double[rows * columns * 2];
        }

        if (_columnOfRow.Length < rows)
        {
            _columnOfRow = new int[rows * 2];
            _truthMatched = new bool[rows * 2];
        }

        if (_trackMatched.Length < columns)
        {
            _trackMatched = new bool[columns * 2];
        }
    }
}
