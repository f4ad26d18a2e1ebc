using PoseCluster.Pose.Assignment;
using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tracking;

/// <summary>
/// ByteTrack on poses: high-score detections are matched to the confirmed and lost tracks first (cost 1 - OKS blended
/// with box IoU, gated by IoU, against each track's Kalman-predicted pose), then low-score detections to the tracks that
/// are still unmatched (box IoU, as ByteTrack: those are mostly occluded people), then the remaining high detections to
/// the tentative tracks; unmatched high detections start tentative tracks that are confirmed, and given an id, when
/// matched in the next frame. Every stage is an optimal assignment with a cost limit. Tracks, index lists and the cost
/// matrix are pooled: steady-state updates allocate nothing.
/// </summary>
internal sealed class ByteTrackPoseTracker : IPoseTracker
{
    private readonly ByteTrackPoseTrackerOptions _options;
    private readonly CostLimitedAssignment _assignment = new();
    private readonly List<PoseTrack> _tracks = new(64);
    private readonly Stack<PoseTrack> _free = new(64);
    private int[] _high = new int[32];
    private int[] _low = new int[32];
    private int[] _rows = new int[32];
    private int[] _columnOfRow = new int[32];
    private PoseTrack?[] _trackOfPerson = new PoseTrack?[32];
    private double[] _cost = new double[1024];
    private int _frame;
    private int _nextId = 1;

    public ByteTrackPoseTracker(ByteTrackPoseTrackerOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Number of live tracks (tentative, tracked and lost), for tests and diagnostics.</summary>
    internal int LiveTracks => _tracks.Count;

    /// <inheritdoc />
    public void Update(PoseFrame frame)
    {
        var o = _options;
        var persons = frame.Persons;
        _frame++;
        EnsureCapacity(persons.Length, _tracks.Count + persons.Length);

        var highCount = 0;
        var lowCount = 0;
        for (var i = 0; i < persons.Length; i++)
        {
            ref var p = ref persons[i];
            p.TrackId = 0;
            p.TrackState = TrackState.None;
            p.TrackAge = 0;
            _trackOfPerson[i] = null;
            if (p.Score >= o.HighScoreThreshold)
            {
                _high[highCount++] = i;
            }
            else if (p.Score > o.LowScoreThreshold)
            {
                _low[lowCount++] = i;
            }
        }

        foreach (var t in _tracks)
        {
            if (t.Phase == TrackPhase.Lost)
            {
                t.Filter.FreezeHeight();
            }

            t.Filter.Predict();
            t.PredictPose();
            t.Matched = false;
        }

        // Stage 1: high detections vs confirmed and lost tracks.
        var rows = 0;
        for (var t = 0; t < _tracks.Count; t++)
        {
            if (_tracks[t].Phase != TrackPhase.Tentative)
            {
                _rows[rows++] = t;
            }
        }

        highCount = Match(persons, rows, _high, highCount, o.FirstStageMatchThreshold, boxOnly: false);

        // Stage 2: low detections vs the tracks that were tracked in the previous frame and are still unmatched.
        rows = 0;
        for (var t = 0; t < _tracks.Count; t++)
        {
            if (_tracks[t] is { Phase: TrackPhase.Tracked, Matched: false })
            {
                _rows[rows++] = t;
            }
        }

        Match(persons, rows, _low, lowCount, o.SecondStageMatchThreshold, boxOnly: o.SecondStageUsesBoxIoU);

        // Stage 3: tentative tracks vs the high detections left.
        rows = 0;
        for (var t = 0; t < _tracks.Count; t++)
        {
            if (_tracks[t].Phase == TrackPhase.Tentative)
            {
                _rows[rows++] = t;
            }
        }

        highCount = Match(persons, rows, _high, highCount, o.TentativeMatchThreshold, boxOnly: false);

        // Matched tracks take their detection; unmatched tentative ones die; unmatched tracked ones become lost.
        for (var i = 0; i < persons.Length; i++)
        {
            if (_trackOfPerson[i] is { } matched)
            {
                Apply(matched, ref persons[i]);
            }
        }

        for (var t = _tracks.Count - 1; t >= 0; t--)
        {
            var track = _tracks[t];
            if (track.Matched)
            {
                continue;
            }

            if (track.Phase == TrackPhase.Tentative || _frame - track.LastFrame > o.LostTrackBuffer)
            {
                Release(t);
            }
            else
            {
                track.Phase = TrackPhase.Lost;
            }
        }

        // New tentative tracks from the high detections nobody took (confirmed at once on the very first frame).
        for (var h = 0; h < highCount; h++)
        {
            ref var p = ref persons[_high[h]];
            if (p.Score < o.NewTrackScoreThreshold)
            {
                continue;
            }

            var track = _free.Count > 0 ? _free.Pop() : new PoseTrack();
            track.Filter.Initiate(p.Box);
            track.Keypoints = p.Keypoints;
            track.ObservedBox = p.Box;
            track.StartFrame = _frame;
            track.LastFrame = _frame;
            track.Matched = true;
            track.Id = 0;
            track.Phase = TrackPhase.Tentative;
            if (_frame == 1)
            {
                track.Phase = TrackPhase.Tracked;
                track.Id = _nextId++;
            }

            _tracks.Add(track);
            p.TrackId = track.Id;
            p.TrackState = track.Id > 0 ? TrackState.Confirmed : TrackState.Tentative;
            p.TrackAge = 1;
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        for (var t = _tracks.Count - 1; t >= 0; t--)
        {
            Release(t);
        }

        _frame = 0;
        _nextId = 1;
    }

    /// <summary>
    /// Matches the tracks listed in _rows[..rows] to the detections listed in <paramref name="detections"/>; marks the
    /// matched tracks, records each matched person's track and compacts <paramref name="detections"/> to the unmatched
    /// ones, whose count it returns.
    /// </summary>
    private int Match(Span<PersonPose> persons, int rows, int[] detections, int columns, float limit, bool boxOnly)
    {
        if (rows == 0 || columns == 0)
        {
            return columns;
        }

        if (_cost.Length < rows * columns)
        {
            _cost = new double[Math.Max(rows * columns, _cost.Length * 2)];
        }

        var cost = _cost.AsSpan(0, rows * columns);
        for (var r = 0; r < rows; r++)
        {
            var track = _tracks[_rows[r]];
            for (var c = 0; c < columns; c++)
            {
                cost[(r * columns) + c] = Cost(track, ref persons[detections[c]], boxOnly);
            }
        }

        var columnOfRow = _columnOfRow.AsSpan(0, rows);
        _assignment.Solve(cost, rows, columns, limit, columnOfRow);
        for (var r = 0; r < rows; r++)
        {
            var c = columnOfRow[r];
            if (c < 0)
            {
                continue;
            }

            _tracks[_rows[r]].Matched = true;
            _trackOfPerson[detections[c]] = _tracks[_rows[r]];
            detections[c] = -1;
        }

        var left = 0;
        for (var c = 0; c < columns; c++)
        {
            if (detections[c] >= 0)
            {
                detections[left++] = detections[c];
            }
        }

        return left;
    }

    private double Cost(PoseTrack track, ref PersonPose detection, bool boxOnly)
    {
        var o = _options;
        var iou = track.PredictedBox.IoU(detection.Box);
        if (!(iou > o.MinimumBoxIoU))
        {
            return double.PositiveInfinity;
        }

        if (boxOnly || !HasVisibleKeypoint(detection.Keypoints, o.KeypointVisibilityThreshold))
        {
            return 1.0 - iou;
        }

        // The detection is the OKS reference: its confident keypoints are this frame's evidence; the track's predicted
        // pose supplies every keypoint, including ones the detector cannot see now.
        var area = 0.5f * (track.PredictedBox.Area + detection.Box.Area);
        var oks = ObjectKeypointSimilarity.BetweenPoses(detection.Keypoints, track.PredictedKeypoints, area, o.KeypointVisibilityThreshold);
        return 1.0 - (((1f - o.BoxIoUWeight) * oks) + (o.BoxIoUWeight * iou));
    }

    private static bool HasVisibleKeypoint(in KeypointSet keypoints, float threshold)
    {
        ReadOnlySpan<Keypoint> k = keypoints;
        foreach (var p in k)
        {
            if (p.Score > threshold)
            {
                return true;
            }
        }

        return false;
    }

    private void Apply(PoseTrack track, ref PersonPose person)
    {
        var recovered = track.Phase == TrackPhase.Lost;
        if (track.Phase == TrackPhase.Tentative)
        {
            track.Id = _nextId++;
        }

        track.Filter.Update(person.Box);
        track.Keypoints = person.Keypoints;
        track.ObservedBox = person.Box;
        track.LastFrame = _frame;
        track.Phase = TrackPhase.Tracked;
        person.TrackId = track.Id;
        person.TrackState = recovered ? TrackState.Recovered : TrackState.Confirmed;
        person.TrackAge = _frame - track.StartFrame + 1;
    }

    private void Release(int index)
    {
        var track = _tracks[index];
        _tracks.RemoveAt(index);
        _free.Push(track);
    }

    private void EnsureCapacity(int persons, int tracks)
    {
        if (_high.Length < persons)
        {
            var n = Math.Max(persons, _high.Length * 2);
            _high = new int[n];
            _low = new int[n];
            _trackOfPerson = new PoseTrack?[n];
        }

        if (_rows.Length < tracks)
        {
            var n = Math.Max(tracks, _rows.Length * 2);
            _rows = new int[n];
            _columnOfRow = new int[n];
        }
    }
}
