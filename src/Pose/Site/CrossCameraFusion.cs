using PoseCluster.Pose.Assignment;
using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Site;

/// <summary>
/// Fuses the per-camera tracks of a site into site-level identities by floor position and time, without appearance:
/// each tracked person's ground point (ankles, else box bottom) goes through its camera's image-to-floor homography; a
/// (camera, track) pair already linked to an identity updates it; new pairs are matched to the identities that camera
/// is not already seeing, unseen for at most the time window, by an optimal assignment on distance to each identity's
/// predicted position within a gate that widens with the time unseen (a walker handing over from one camera's view to
/// another's keeps its id); the rest start new identities. Links are remembered while the identity lives, so a track
/// recovered by its camera's tracker keeps its identity. Two identities seen by different cameras that stay together
/// are merged into the older one. State is pooled: steady-state updates allocate nothing. Not thread-safe.
/// </summary>
public sealed class CrossCameraFusion
{
    private readonly CrossCameraFusionOptions _options;
    private readonly CostLimitedAssignment _assignment = new();
    private readonly List<Homography> _imageToFloor = [];
    private readonly List<Dictionary<int, FusedIdentity>> _links = [];
    private readonly List<FusedIdentity> _identities = new(64);
    private readonly Stack<FusedIdentity> _free = new(64);
    private readonly List<int> _removed = new(16);
    private readonly List<int> _scratchKeys = new(16);
    private Pending[] _pending = new Pending[32];
    private FusedIdentity[] _candidates = new FusedIdentity[32];
    private int[] _columnOfRow = new int[32];
    private double[] _cost = new double[1024];
    private int _nextId = 1;
    private readonly HashSet<int> _frameTracks = new(64);

    /// <summary>Creates an empty fusion with <paramref name="options"/>.</summary>
    public CrossCameraFusion(CrossCameraFusionOptions? options = null)
    {
        _options = options ?? new CrossCameraFusionOptions();
        _options.Validate();
    }

    /// <summary>Number of cameras added.</summary>
    public int CameraCount => _imageToFloor.Count;

    /// <summary>Number of live identities.</summary>
    public int IdentityCount => _identities.Count;

    /// <summary>Adds a camera with its image-to-floor homography; returns its index for <see cref="Update"/>.</summary>
    public int AddCamera(Homography imageToFloor)
    {
        _imageToFloor.Add(imageToFloor);
        _links.Add(new Dictionary<int, FusedIdentity>(64));
        return _imageToFloor.Count - 1;
    }

    /// <summary>The floor position (metres) of a person seen by camera <paramref name="camera"/>; NaN above the horizon.</summary>
    public PlanePoint FloorPosition(int camera, in PersonPose pose) =>
        _imageToFloor[camera].Map(GroundContactPoint.Of(pose, _options.MinimumAnkleScore));

    /// <summary>
    /// Takes camera <paramref name="camera"/>'s tracked frame at <paramref name="time"/> and writes each person's global
    /// id (0 for untracked or unplaceable persons) to <paramref name="globalIds"/>, which must hold a slot per person.
    /// Frames of different cameras may come in any interleaving; times should not go backwards by more than the link timeout.
    /// </summary>
    public void Update(int camera, PoseFrame frame, DateTimeOffset time, Span<int> globalIds)
    {
        if ((uint)camera >= (uint)_imageToFloor.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(camera), camera, "Unknown camera index (add the camera first).");
        }

        var persons = frame.Persons;
        if (globalIds.Length < persons.Length)
        {
            throw new ArgumentException("globalIds must hold one slot per person.", nameof(globalIds));
        }

        Expire(time);
        if (_pending.Length < persons.Length)
        {
            _pending = new Pending[Math.Max(persons.Length, _pending.Length * 2)];
        }

        var links = _links[camera];
        _frameTracks.Clear();
        foreach (ref readonly var p in persons)
        {
            if (p.TrackId > 0)
            {
                _frameTracks.Add(p.TrackId);
            }
        }

        var pendingCount = 0;
        for (var i = 0; i < persons.Length; i++)
        {
            globalIds[i] = 0;
            ref var pose = ref persons[i];
            if (pose.TrackId <= 0)
            {
                continue;
            }

            var position = FloorPosition(camera, pose);
            if (!double.IsFinite(position.X) || !double.IsFinite(position.Y))
            {
                continue;
            }

            if (links.TryGetValue(pose.TrackId, out var identity))
            {
                Observe(identity, camera, pose.TrackId, position, time);
                globalIds[i] = identity.Id;
            }
            else
            {
                _pending[pendingCount++] = new Pending(i, pose.TrackId, position);
            }
        }

        if (pendingCount > 0)
        {
            AssignNewTracks(camera, time, pendingCount, globalIds);
        }

        Merge(time);
    }

    /// <summary>Appends a snapshot of every live identity to <paramref name="into"/> (cleared first).</summary>
    public void CopyIdentities(List<SiteIdentity> into)
    {
        into.Clear();
        foreach (var f in _identities)
        {
            into.Add(new SiteIdentity(f.Id, f.Position, f.Velocity, f.FirstSeen, f.LastSeen, f.ActiveCameras(_options.FusionWindow)));
        }
    }

    /// <summary>The identity with <paramref name="globalId"/>, if alive.</summary>
    public bool TryGetIdentity(int globalId, out SiteIdentity identity)
    {
        foreach (var f in _identities)
        {
            if (f.Id == globalId)
            {
                identity = new SiteIdentity(f.Id, f.Position, f.Velocity, f.FirstSeen, f.LastSeen, f.ActiveCameras(_options.FusionWindow));
                return true;
            }
        }

        identity = default;
        return false;
    }

    /// <summary>Moves the ids of identities forgotten (timed out) or merged away since the last call to <paramref name="into"/>.</summary>
    public void TakeRemoved(List<int> into)
    {
        into.AddRange(_removed);
        _removed.Clear();
    }

    /// <summary>Forgets every identity and link (cameras stay).</summary>
    public void Reset()
    {
        for (var i = _identities.Count - 1; i >= 0; i--)
        {
            Release(i);
        }

        _removed.Clear();
        _nextId = 1;
    }

    private void AssignNewTracks(int camera, DateTimeOffset time, int pendingCount, Span<int> globalIds)
    {
        var o = _options;
        if (_candidates.Length < _identities.Count)
        {
            _candidates = new FusedIdentity[Math.Max(_identities.Count, _candidates.Length * 2)];
        }

        var candidateCount = 0;
        foreach (var identity in _identities)
        {
            // An identity this camera sees through another track of this frame is taken; one whose track here just
            // vanished is not (the tracker replaced the track, e.g. when a falling body's box changed shape).
            var taken = identity.ActiveIn(camera, time, o.LinkTimeout) && _frameTracks.Contains(identity.CameraTrack[camera]);
            if (time - identity.LastSeen <= o.TimeWindow && !taken)
            {
                _candidates[candidateCount++] = identity;
            }
        }

        if (_cost.Length < pendingCount * candidateCount)
        {
            _cost = new double[Math.Max(pendingCount * candidateCount, _cost.Length * 2)];
        }

        if (_columnOfRow.Length < pendingCount)
        {
            _columnOfRow = new int[Math.Max(pendingCount, _columnOfRow.Length * 2)];
        }

        // Cost = distance / gate, so that one limit (1) serves identities whose gates differ by time unseen.
        var cost = _cost.AsSpan(0, pendingCount * candidateCount);
        for (var r = 0; r < pendingCount; r++)
        {
            for (var c = 0; c < candidateCount; c++)
            {
                var identity = _candidates[c];
                var gate = o.GatingDistance + (o.GateGrowthPerSecond * Math.Max(0, (time - identity.LastSeen).TotalSeconds));
                cost[(r * candidateCount) + c] = identity.Predict(time, o.TimeWindow).DistanceTo(_pending[r].Position) / gate;
            }
        }

        var columnOfRow = _columnOfRow.AsSpan(0, pendingCount);
        _assignment.Solve(cost, pendingCount, candidateCount, 1.0, columnOfRow);
        for (var r = 0; r < pendingCount; r++)
        {
            var p = _pending[r];
            FusedIdentity identity;
            if (columnOfRow[r] >= 0)
            {
                identity = _candidates[columnOfRow[r]];
            }
            else
            {
                identity = _free.Count > 0 ? _free.Pop() : new FusedIdentity();
                identity.Reset(_nextId++, _imageToFloor.Count, time, p.Position);
                _identities.Add(identity);
            }

            _links[camera][p.TrackId] = identity;
            Observe(identity, camera, p.TrackId, p.Position, time);
            globalIds[p.Person] = identity.Id;
        }
    }

    private void Observe(FusedIdentity identity, int camera, int track, PlanePoint position, DateTimeOffset time)
    {
        var o = _options;
        identity.EnsureCameras(_imageToFloor.Count);
        identity.CameraTrack[camera] = track;
        identity.CameraTime[camera] = time;
        identity.CameraPosition[camera] = position;
        if (time > identity.LastSeen)
        {
            identity.LastSeen = time;
        }

        // Position: the mean of the cameras' latest positions within the fusion window of the newest sighting.
        double x = 0, y = 0;
        var n = 0;
        for (var c = 0; c < identity.CameraTrack.Length; c++)
        {
            if (identity.CameraTrack[c] != 0 && identity.LastSeen - identity.CameraTime[c] <= o.FusionWindow)
            {
                x += identity.CameraPosition[c].X;
                y += identity.CameraPosition[c].Y;
                n++;
            }
        }

        identity.Position = n > 0 ? new PlanePoint(x / n, y / n) : position;

        // Velocity from displacements over at least 0.2 s: frame-to-frame foot jitter would swamp it.
        var dt = (time - identity.VelocityAnchorTime).TotalSeconds;
        if (dt >= 0.2)
        {
            var vx = (identity.Position.X - identity.VelocityAnchor.X) / dt;
            var vy = (identity.Position.Y - identity.VelocityAnchor.Y) / dt;
            var a = dt > 2 ? 1 : o.VelocitySmoothing;
            identity.Velocity = new PlanePoint(identity.Velocity.X + (a * (vx - identity.Velocity.X)), identity.Velocity.Y + (a * (vy - identity.Velocity.Y)));
            identity.VelocityAnchor = identity.Position;
            identity.VelocityAnchorTime = time;
        }
    }

    private void Merge(DateTimeOffset time)
    {
        var o = _options;
        for (var j = 0; j < _identities.Count; j++)
        {
            var newer = _identities[j];
            if (time - newer.LastSeen > o.LinkTimeout)
            {
                continue;
            }

            FusedIdentity? partner = null;
            var best = o.MergeDistance;
            foreach (var older in _identities)
            {
                if (older.Id >= newer.Id || time - older.LastSeen > o.LinkTimeout || SharesCamera(older, newer, time))
                {
                    continue;
                }

                var d = older.Position.DistanceTo(newer.Position);
                if (d <= best)
                {
                    best = d;
                    partner = older;
                }
            }

            if (partner is null)
            {
                newer.MergeCandidate = 0;
                continue;
            }

            if (newer.MergeCandidate != partner.Id)
            {
                newer.MergeCandidate = partner.Id;
                newer.MergeSince = time;
                continue;
            }

            if (time - newer.MergeSince < o.MergeDuration)
            {
                continue;
            }

            // One person seen as two: the older id takes over the newer one's track links.
            for (var c = 0; c < _links.Count; c++)
            {
                _scratchKeys.Clear();
                foreach (var (track, identity) in _links[c])
                {
                    if (identity == newer)
                    {
                        _scratchKeys.Add(track);
                    }
                }

                foreach (var track in _scratchKeys)
                {
                    _links[c][track] = partner;
                }

                if (c < newer.CameraTrack.Length && newer.CameraTrack[c] != 0)
                {
                    Observe(partner, c, newer.CameraTrack[c], newer.CameraPosition[c], newer.CameraTime[c]);
                }
            }

            _removed.Add(newer.Id);
            Release(j);
            j--;
        }
    }

    private bool SharesCamera(FusedIdentity a, FusedIdentity b, DateTimeOffset time)
    {
        for (var c = 0; c < _imageToFloor.Count; c++)
        {
            if (a.ActiveIn(c, time, _options.LinkTimeout) && b.ActiveIn(c, time, _options.LinkTimeout))
            {
                return true;
            }
        }

        return false;
    }

    private void Expire(DateTimeOffset time)
    {
        for (var i = _identities.Count - 1; i >= 0; i--)
        {
            if (time - _identities[i].LastSeen > _options.IdentityTimeout)
            {
                _removed.Add(_identities[i].Id);
                Release(i);
            }
        }
    }

    private void Release(int index)
    {
        var identity = _identities[index];
        for (var c = 0; c < _links.Count; c++)
        {
            _scratchKeys.Clear();
            foreach (var (track, linked) in _links[c])
            {
                if (linked == identity)
                {
                    _scratchKeys.Add(track);
                }
            }

            foreach (var track in _scratchKeys)
            {
                _links[c].Remove(track);
            }
        }

        _identities.RemoveAt(index);
        _free.Push(identity);
    }

    private readonly record struct Pending(int Person, int TrackId, PlanePoint Position);
}
