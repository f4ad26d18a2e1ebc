using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tracking;

/// <summary>
/// The baseline the ByteTrack tracker is measured against: every frame, the (track, detection) pairs are taken in
/// order of decreasing OKS between the detection and the track's last pose, each pair kept when both are still free and
/// the OKS reaches the threshold; no motion model, one stage, every unmatched detection starts a track at once.
/// </summary>
internal sealed class GreedyOksPoseTracker : IPoseTracker
{
    private readonly GreedyOksPoseTrackerOptions _options;
    private readonly List<GreedyTrack> _tracks = new(64);
    private readonly Stack<GreedyTrack> _free = new(64);
    private Pair[] _pairs = new Pair[256];
    private bool[] _personTaken = new bool[32];
    private int _frame;
    private int _nextId = 1;

    public GreedyOksPoseTracker(GreedyOksPoseTrackerOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public void Update(PoseFrame frame)
    {
        var o = _options;
        var persons = frame.Persons;
        _frame++;
        if (_personTaken.Length < persons.Length)
        {
            _personTaken = new bool[Math.Max(persons.Length, _personTaken.Length * 2)];
        }

        if (_pairs.Length < persons.Length * _tracks.Count)
        {
            _pairs = new Pair[Math.Max(persons.Length * _tracks.Count, _pairs.Length * 2)];
        }

        var pairCount = 0;
        for (var i = 0; i < persons.Length; i++)
        {
            ref var p = ref persons[i];
            p.TrackId = 0;
            p.TrackState = TrackState.None;
            p.TrackAge = 0;
            _personTaken[i] = p.Score < o.MinimumScore;
            if (_personTaken[i])
            {
                continue;
            }

            for (var t = 0; t < _tracks.Count; t++)
            {
                var track = _tracks[t];
                var area = 0.5f * (track.Box.Area + p.Box.Area);
                var oks = ObjectKeypointSimilarity.BetweenPoses(p.Keypoints, track.Keypoints, area, o.KeypointVisibilityThreshold);
                if (oks >= o.MatchThreshold)
                {
                    _pairs[pairCount++] = new Pair(oks, t, i);
                }
            }
        }

        foreach (var track in _tracks)
        {
            track.Matched = false;
        }

        var pairs = _pairs.AsSpan(0, pairCount);
        pairs.Sort(static (a, b) => b.Oks.CompareTo(a.Oks));
        foreach (var pair in pairs)
        {
            var track = _tracks[pair.Track];
            if (track.Matched || _personTaken[pair.Person])
            {
                continue;
            }

            track.Matched = true;
            _personTaken[pair.Person] = true;
            Apply(track, ref persons[pair.Person], recovered: track.LastFrame < _frame - 1);
        }

        for (var t = _tracks.Count - 1; t >= 0; t--)
        {
            if (!_tracks[t].Matched && _frame - _tracks[t].LastFrame > o.LostTrackBuffer)
            {
                _free.Push(_tracks[t]);
                _tracks.RemoveAt(t);
            }
        }

        for (var i = 0; i < persons.Length; i++)
        {
            if (_personTaken[i])
            {
                continue;
            }

            var track = _free.Count > 0 ? _free.Pop() : new GreedyTrack();
            track.Id = _nextId++;
            track.StartFrame = _frame;
            track.Matched = true;
            _tracks.Add(track);
            Apply(track, ref persons[i], recovered: false);
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        foreach (var t in _tracks)
        {
            _free.Push(t);
        }

        _tracks.Clear();
        _frame = 0;
        _nextId = 1;
    }

    private void Apply(GreedyTrack track, ref PersonPose person, bool recovered)
    {
        track.Keypoints = person.Keypoints;
        track.Box = person.Box;
        track.LastFrame = _frame;
        person.TrackId = track.Id;
        person.TrackState = recovered ? TrackState.Recovered : TrackState.Confirmed;
        person.TrackAge = _frame - track.StartFrame + 1;
    }

    private readonly record struct Pair(float Oks, int Track, int Person);

    private sealed class GreedyTrack
    {
        public KeypointSet Keypoints;
        public BoundingBox Box;
        public int Id;
        public int StartFrame;
        public int LastFrame;
        public bool Matched;
    }
}
