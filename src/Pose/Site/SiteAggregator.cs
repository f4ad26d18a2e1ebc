using System.Globalization;
using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Site;

/// <summary>
/// The engine side of a site: takes each camera's tracked frames and keeps site-level identities
/// (<see cref="CrossCameraFusion"/>), per-track postures (<see cref="PostureClassifier"/>, one per camera), zone
/// occupancy (<see cref="ZoneOccupancy"/>), and raises <see cref="SiteEvent"/>s: falls (standing to lying within the
/// fall window), loitering, restricted-zone entries, and zone entries and exits. Steady-state updates allocate nothing
/// but the events they raise. Not thread-safe: one instance per site, fed one frame at a time.
/// </summary>
public sealed class SiteAggregator
{
    private readonly SiteAggregatorOptions _options;
    private readonly List<string> _cameras = [];
    private readonly List<PostureClassifier> _postures = [];
    private readonly List<long> _frameCounters = [];
    private readonly Dictionary<int, Activity> _activities = new(64);
    private readonly List<ZoneTransition> _transitions = new(16);
    private readonly List<int> _removed = new(16);
    private readonly List<SiteEvent> _events = new(16);
    private int[] _globalIds = new int[32];
    private int _lastCount;

    /// <summary>Creates the aggregator of site <paramref name="site"/> with its <paramref name="zones"/>.</summary>
    public SiteAggregator(string site, IReadOnlyList<Zone> zones, SiteAggregatorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        _options = options ?? new SiteAggregatorOptions();
        _options.Validate();
        Site = site;
        Fusion = new CrossCameraFusion(_options.Fusion);
        Zones = new ZoneOccupancy(zones, _options.Zones);
    }

    /// <summary>The site's name (in events).</summary>
    public string Site { get; }

    /// <summary>The identities.</summary>
    public CrossCameraFusion Fusion { get; }

    /// <summary>The zone counts.</summary>
    public ZoneOccupancy Zones { get; }

    /// <summary>The global id of each person of the frame last passed to <see cref="Update"/> (0 = none).</summary>
    public ReadOnlySpan<int> LastGlobalIds => _globalIds.AsSpan(0, _lastCount);

    /// <summary>Adds camera <paramref name="name"/> with its image-to-floor homography; returns its index.</summary>
    public int AddCamera(string name, Geometry.Homography imageToFloor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_cameras.Contains(name))
        {
            throw new ArgumentException($"Camera '{name}' is already part of site '{Site}'.", nameof(name));
        }

        _cameras.Add(name);
        _postures.Add(new PostureClassifier(_options.Posture));
        _frameCounters.Add(0);
        return Fusion.AddCamera(imageToFloor);
    }

    /// <summary>The current posture of person <paramref name="globalId"/> (unknown when not seen).</summary>
    public Posture PostureOf(int globalId) => _activities.TryGetValue(globalId, out var a) ? a.Posture : Posture.Unknown;

    /// <summary>Takes camera <paramref name="camera"/>'s tracked frame at <paramref name="time"/>.</summary>
    public void Update(int camera, PoseFrame frame, DateTimeOffset time)
    {
        var persons = frame.Persons;
        if (_globalIds.Length < persons.Length)
        {
            _globalIds = new int[Math.Max(persons.Length, _globalIds.Length * 2)];
        }

        _lastCount = persons.Length;
        var ids = _globalIds.AsSpan(0, persons.Length);
        Fusion.Update(camera, frame, time, ids);
        var frameNumber = ++_frameCounters[camera];
        var classifier = _postures[camera];
        _transitions.Clear();
        for (var i = 0; i < persons.Length; i++)
        {
            var id = ids[i];
            if (id == 0)
            {
                continue;
            }

            ref var pose = ref persons[i];
            var posture = classifier.Update(pose.TrackId, pose, frameNumber);
            ref var activity = ref CollectionsMarshal.GetValueRefOrAddDefault(_activities, id, out var existed);
            if (!existed)
            {
                activity = default;
            }

            activity.Camera = camera;
            ObservePosture(ref activity, posture, id, camera, time);
            Zones.Update(id, Fusion.FloorPosition(camera, pose), time, _transitions);
            RaiseZoneEvents(camera);
        }

        Fusion.TakeRemoved(_removed);
        foreach (var id in _removed)
        {
            var last = _activities.TryGetValue(id, out var a) ? a.Camera : camera;
            _activities.Remove(id);
            Zones.Remove(id, _transitions);
            RaiseZoneEvents(last);
        }

        _removed.Clear();
        Zones.Expire(time, _transitions);
        RaiseZoneEvents(camera);
        if (frameNumber % 100 == 0)
        {
            classifier.ForgetOlderThan(frameNumber - 100);
        }
    }

    /// <summary>Moves the events raised since the last call to <paramref name="into"/>.</summary>
    public void TakeEvents(List<SiteEvent> into)
    {
        into.AddRange(_events);
        _events.Clear();
    }

    private void ObservePosture(ref Activity activity, Posture posture, int id, int camera, DateTimeOffset time)
    {
        if (posture == Posture.Unknown)
        {
            return;
        }

        if (posture == Posture.Standing)
        {
            activity.LastStanding = time;
            activity.HasStood = true;
            activity.FallReported = false;
        }
        else if (posture == Posture.Lying && activity.Posture != Posture.Lying && activity.HasStood && !activity.FallReported
                 && time - activity.LastStanding <= _options.FallWindow)
        {
            activity.FallReported = true;
            _events.Add(new SiteEvent(
                time, Site, _cameras[camera], id, null, SiteEventKind.Fall,
                string.Create(CultureInfo.InvariantCulture, $"standing to lying in {(time - activity.LastStanding).TotalSeconds:F1} s")));
        }

        activity.Posture = posture;
    }

    private void RaiseZoneEvents(int camera)
    {
        foreach (var t in _transitions)
        {
            var zone = Zones.Zones[t.Zone];
            var cameraName = _cameras[camera];
            switch (t.Kind)
            {
                case ZoneTransitionKind.Entered:
                    if (zone.Restricted)
                    {
                        _events.Add(new SiteEvent(t.Time, Site, cameraName, t.GlobalId, zone.Name, SiteEventKind.RestrictedZoneEntry, "entered a restricted zone"));
                    }

                    if (_options.ReportZoneTransitions)
                    {
                        _events.Add(new SiteEvent(t.Time, Site, cameraName, t.GlobalId, zone.Name, SiteEventKind.ZoneEntered, "entered"));
                    }

                    break;
                case ZoneTransitionKind.Exited:
                    if (_options.ReportZoneTransitions)
                    {
                        _events.Add(new SiteEvent(
                            t.Time, Site, cameraName, t.GlobalId, zone.Name, SiteEventKind.ZoneExited,
                            string.Create(CultureInfo.InvariantCulture, $"left after {t.Dwell.TotalSeconds:F1} s")));
                    }

                    break;
                case ZoneTransitionKind.DwellExceeded:
                    _events.Add(new SiteEvent(
                        t.Time, Site, cameraName, t.GlobalId, zone.Name, SiteEventKind.Loitering,
                        string.Create(CultureInfo.InvariantCulture, $"in the zone for {t.Dwell.TotalSeconds:F1} s")));
                    break;
            }
        }

        _transitions.Clear();
    }

    private struct Activity
    {
        public Posture Posture;
        public DateTimeOffset LastStanding;
        public bool HasStood;
        public bool FallReported;
        public int Camera;
    }
}
