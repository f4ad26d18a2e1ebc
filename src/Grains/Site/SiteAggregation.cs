using System.Diagnostics;
using PoseCluster.Cluster.Sites;
using PoseCluster.Pose;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;

namespace PoseCluster.Grains.Site;

/// <summary>
/// A site grain's aggregation state, free of storage and threads: it turns the site's configuration into a
/// <see cref="SiteAggregator"/> (a camera joins it with its first frame, since the calibration is in normalised image
/// coordinates and the frame gives the pixels), feeds it tracked frames, and yields live snapshots, raised events and
/// activity-history rows. Not thread-safe: the site grain serialises calls.
/// </summary>
internal sealed class SiteAggregation
{
    private readonly Guid _siteId;
    private readonly SiteGrainOptions _options;
    private readonly Dictionary<Guid, (int Index, int Width, int Height)> _joined = [];
    private readonly Dictionary<Guid, int> _persons = [];
    private readonly List<SiteEvent> _raised = new(16);
    private readonly List<SiteIdentity> _identities = new(64);
    private readonly Dictionary<int, DateTimeOffset> _present = [];
    private readonly List<int> _gone = new(16);
    private SiteAggregator _aggregator;
    private ActivityWindow[] _windows;
    private ZoneStatistics[] _lastStatistics;
    private DateTimeOffset _latest;

    public SiteAggregation(Guid siteId, SiteConfiguration configuration, SiteGrainOptions options)
    {
        _siteId = siteId;
        _options = options;
        Configuration = configuration;
        (_aggregator, _windows, _lastStatistics) = Build(configuration);
    }

    public SiteConfiguration Configuration { get; private set; }

    /// <summary>The time of the newest frame aggregated.</summary>
    public DateTimeOffset Latest => _latest;

    /// <summary>Takes a new configuration: when calibrations or zones changed, the floor state starts over.</summary>
    public void Reconfigure(SiteConfiguration configuration)
    {
        var rebuild = !Configuration.AggregatesLike(configuration);
        Configuration = configuration;
        if (rebuild)
        {
            Rebuild();
        }
    }

    /// <summary>Aggregates one camera's tracked frame; returns the time it took in microseconds (0 when the camera is not calibrated).</summary>
    public double Add(Guid cameraId, PoseFrame poses, DateTimeOffset capturedAt)
    {
        _persons[cameraId] = poses.Count;
        if (!Configuration.Calibrations.TryGetValue(cameraId, out var calibration) || poses.ImageWidth <= 0 || poses.ImageHeight <= 0)
        {
            return 0;
        }

        var start = Stopwatch.GetTimestamp();
        if (_joined.TryGetValue(cameraId, out var joined) && (joined.Width != poses.ImageWidth || joined.Height != poses.ImageHeight))
        {
            // The camera's resolution changed: its pixel-to-floor map changes, and cameras cannot leave an aggregator.
            Rebuild();
            joined = default;
        }

        if (!_joined.ContainsKey(cameraId))
        {
            var index = _aggregator.AddCamera(cameraId.ToString("D"), PixelToFloor(calibration, poses.ImageWidth, poses.ImageHeight));
            joined = (index, poses.ImageWidth, poses.ImageHeight);
            _joined[cameraId] = joined;
        }

        if (capturedAt > _latest)
        {
            _latest = capturedAt;
        }

        _aggregator.Update(joined.Index, poses, capturedAt);
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    /// <summary>Moves the events raised since the last call into <paramref name="into"/> as records of this site.</summary>
    public void TakeEvents(List<SiteEventRecord> into)
    {
        _aggregator.TakeEvents(_raised);
        foreach (var e in _raised)
        {
            into.Add(new SiteEventRecord(
                Guid.CreateVersion7(e.Time), _siteId, e.Time, KindName(e.Kind), e.GlobalId,
                Guid.TryParse(e.Camera, out var camera) ? camera : null, e.Zone, e.Details));
        }

        _raised.Clear();
    }

    /// <summary>
    /// The live floor plan: people seen within the presence timeout of the newest frame, zone counts and cameras.
    /// Also advances the activity windows (one sample per snapshot).
    /// </summary>
    public (IReadOnlyList<SiteLiveIdentity> Identities, IReadOnlyList<SiteLiveZone> Zones, IReadOnlyList<SiteLiveCamera> Cameras) Snapshot()
    {
        _aggregator.Fusion.CopyIdentities(_identities);
        var horizon = _latest == default ? DateTimeOffset.MaxValue : _latest - _options.PresenceTimeout;
        var people = new List<SiteLiveIdentity>(_identities.Count);
        foreach (var i in _identities)
        {
            if (i.LastSeen >= horizon)
            {
                people.Add(new SiteLiveIdentity(i.GlobalId, i.Position.X, i.Position.Y, PostureName(_aggregator.PostureOf(i.GlobalId)), i.Cameras));
            }
        }

        SampleSite(people);
        var zones = new List<SiteLiveZone>(_aggregator.Zones.Zones.Count);
        for (var z = 0; z < _aggregator.Zones.Zones.Count; z++)
        {
            var zone = _aggregator.Zones.Zones[z];
            var statistics = _aggregator.Zones.Statistics(z);
            zones.Add(new SiteLiveZone(zone.Name, statistics.Occupancy, zone.Restricted));
            SampleZone(z + 1, statistics);
        }

        var cameras = Configuration.Cameras.Order()
            .Select(c => new SiteLiveCamera(c, Configuration.Calibrations.ContainsKey(c), _persons.GetValueOrDefault(c)))
            .ToList();
        return (people, zones, cameras);
    }

    /// <summary>The activity rows of the windows since the last call (whole site first, then each zone), and new windows.</summary>
    public List<SiteActivitySample> TakeActivity(DateTimeOffset at, Guid siloId, long epoch)
    {
        var rows = new List<SiteActivitySample>(_windows.Length);
        for (var w = 0; w < _windows.Length; w++)
        {
            ref var window = ref _windows[w];
            if (window.Samples > 0)
            {
                var zone = w == 0 ? "" : _aggregator.Zones.Zones[w - 1].Name;
                rows.Add(new SiteActivitySample(
                    _siteId, zone, at, siloId, epoch, (float)window.PersonsSum / window.Samples, window.PersonsMax, window.Entries, window.Exits,
                    window.Exits == 0 ? 0 : (float)(window.DwellSeconds / window.Exits)));
            }

            window = default;
        }

        return rows;
    }

    private void SampleSite(List<SiteLiveIdentity> people)
    {
        ref var window = ref _windows[0];
        window.Samples++;
        window.PersonsSum += people.Count;
        window.PersonsMax = Math.Max(window.PersonsMax, people.Count);
        foreach (var p in people)
        {
            if (_present.TryAdd(p.GlobalId, _latest))
            {
                window.Entries++;
            }
        }

        foreach (var (id, since) in _present)
        {
            if (!people.Exists(p => p.GlobalId == id))
            {
                _gone.Add(id);
                window.Exits++;
                window.DwellSeconds += Math.Max(0, (_latest - since).TotalSeconds);
            }
        }

        foreach (var id in _gone)
        {
            _present.Remove(id);
        }

        _gone.Clear();
    }

    private void SampleZone(int window, ZoneStatistics statistics)
    {
        ref var w = ref _windows[window];
        ref var last = ref _lastStatistics[window];
        w.Samples++;
        w.PersonsSum += statistics.Occupancy;
        w.PersonsMax = Math.Max(w.PersonsMax, statistics.Occupancy);
        w.Entries += (int)(statistics.Entries - last.Entries);
        w.Exits += (int)(statistics.Exits - last.Exits);
        w.DwellSeconds += (statistics.TotalDwell - last.TotalDwell).TotalSeconds;
        last = statistics;
    }

    private void Rebuild()
    {
        (_aggregator, _windows, _lastStatistics) = Build(Configuration);
        _joined.Clear();
        _present.Clear();
    }

    private (SiteAggregator, ActivityWindow[], ZoneStatistics[]) Build(SiteConfiguration configuration)
    {
        var zones = configuration.Zones.Select(z => new Zone
        {
            Name = z.Name,
            Area = new FloorPolygon(z.Polygon.Select(p => new PlanePoint(p.X, p.Y))),
            Restricted = z.Restricted,
            LoiteringThreshold = z.LoiteringSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        }).ToList();
        return (new SiteAggregator(configuration.Name, zones, _options.Aggregation), new ActivityWindow[zones.Count + 1], new ZoneStatistics[zones.Count + 1]);
    }

    /// <summary>The pixel-to-floor map of a camera: pixels to normalised coordinates, then the stored calibration.</summary>
    internal static Homography PixelToFloor(CameraCalibration calibration, int width, int height)
    {
        Span<double> h = stackalloc double[9];
        for (var i = 0; i < 9; i++)
        {
            h[i] = calibration.ImageToFloor[i];
        }

        return Homography.Then(new Homography([1.0 / width, 0, 0, 0, 1.0 / height, 0, 0, 0, 1]), new Homography(h));
    }

    /// <summary>The stored name of an event kind.</summary>
    public static string KindName(SiteEventKind kind) => kind switch
    {
        SiteEventKind.Fall => "fall",
        SiteEventKind.Loitering => "loitering",
        SiteEventKind.RestrictedZoneEntry => "restricted_entry",
        SiteEventKind.ZoneEntered => "zone_entry",
        SiteEventKind.ZoneExited => "zone_exit",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string PostureName(Posture posture) => posture switch
    {
        Posture.Standing => "standing",
        Posture.Sitting => "sitting",
        Posture.Lying => "lying",
        _ => "unknown",
    };

    private struct ActivityWindow
    {
        public int Samples;
        public long PersonsSum;
        public int PersonsMax;
        public int Entries;
        public int Exits;
        public double DwellSeconds;
    }
}
