using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Site;

/// <summary>
/// Who is in which zone: fed each person's floor position over time, it counts entries, exits, current and peak
/// occupancy and dwell times per zone, and reports each transition (entered, exited, stayed past the loitering
/// threshold). Visit state is pooled in dictionaries, so steady-state updates allocate nothing. Not thread-safe.
/// </summary>
public sealed class ZoneOccupancy
{
    private readonly Zone[] _zones;
    private readonly ZoneOccupancyOptions _options;
    private readonly Dictionary<(int Zone, int Id), Visit> _visits = new(64);
    private readonly List<(int Zone, int Id)> _ending = new(16);
    private readonly int[] _occupancy;
    private readonly int[] _peak;
    private readonly long[] _entries;
    private readonly long[] _exits;
    private readonly TimeSpan[] _totalDwell;
    private readonly TimeSpan[] _longestDwell;

    /// <summary>Creates the counter for <paramref name="zones"/>.</summary>
    public ZoneOccupancy(IReadOnlyList<Zone> zones, ZoneOccupancyOptions? options = null)
    {
        _options = options ?? new ZoneOccupancyOptions();
        _options.Validate();
        if (zones.Select(z => z.Name).Distinct(StringComparer.Ordinal).Count() != zones.Count)
        {
            throw new ArgumentException("Zone names must be unique within a site.", nameof(zones));
        }

        _zones = [.. zones];
        _occupancy = new int[_zones.Length];
        _peak = new int[_zones.Length];
        _entries = new long[_zones.Length];
        _exits = new long[_zones.Length];
        _totalDwell = new TimeSpan[_zones.Length];
        _longestDwell = new TimeSpan[_zones.Length];
    }

    /// <summary>The zones, in index order.</summary>
    public IReadOnlyList<Zone> Zones => _zones;

    /// <summary>The counts of zone <paramref name="zone"/>.</summary>
    public ZoneStatistics Statistics(int zone) =>
        new(_occupancy[zone], _peak[zone], _entries[zone], _exits[zone], _totalDwell[zone], _longestDwell[zone]);

    /// <summary>Whether person <paramref name="globalId"/> is counted inside zone <paramref name="zone"/>.</summary>
    public bool IsInside(int zone, int globalId) => _visits.ContainsKey((zone, globalId));

    /// <summary>Person <paramref name="globalId"/> is at <paramref name="position"/> at <paramref name="time"/>; transitions are appended to <paramref name="transitions"/>.</summary>
    public void Update(int globalId, PlanePoint position, DateTimeOffset time, List<ZoneTransition> transitions)
    {
        for (var z = 0; z < _zones.Length; z++)
        {
            var zone = _zones[z];
            var key = (z, globalId);
            var inside = zone.Area.Contains(position);
            if (_visits.TryGetValue(key, out var visit))
            {
                if (inside)
                {
                    visit.LastInside = time;
                }
                else if (time - visit.LastInside >= _options.ExitGrace)
                {
                    _visits.Remove(key);
                    End(z, globalId, visit, transitions);
                    continue;
                }

                if (!visit.LoiteringReported && zone.LoiteringThreshold is { } threshold && visit.LastInside - visit.Entered > threshold)
                {
                    visit.LoiteringReported = true;
                    transitions.Add(new ZoneTransition(ZoneTransitionKind.DwellExceeded, z, globalId, time, visit.LastInside - visit.Entered));
                }

                _visits[key] = visit;
            }
            else if (inside)
            {
                _visits[key] = new Visit { Entered = time, LastInside = time };
                _entries[z]++;
                _occupancy[z]++;
                _peak[z] = Math.Max(_peak[z], _occupancy[z]);
                transitions.Add(new ZoneTransition(ZoneTransitionKind.Entered, z, globalId, time, TimeSpan.Zero));
            }
        }
    }

    /// <summary>Ends the visits of people not updated for the exit grace (they left every camera's view); call periodically.</summary>
    public void Expire(DateTimeOffset time, List<ZoneTransition> transitions)
    {
        _ending.Clear();
        foreach (var (key, visit) in _visits)
        {
            if (time - visit.LastInside >= _options.ExitGrace)
            {
                _ending.Add(key);
            }
        }

        foreach (var key in _ending)
        {
            _visits.Remove(key, out var visit);
            End(key.Zone, key.Id, visit, transitions);
        }
    }

    /// <summary>Ends every visit of person <paramref name="globalId"/> now (e.g. merged into another identity).</summary>
    public void Remove(int globalId, List<ZoneTransition> transitions)
    {
        for (var z = 0; z < _zones.Length; z++)
        {
            if (_visits.Remove((z, globalId), out var visit))
            {
                End(z, globalId, visit, transitions);
            }
        }
    }

    private void End(int zone, int globalId, Visit visit, List<ZoneTransition> transitions)
    {
        var dwell = visit.LastInside - visit.Entered;
        _occupancy[zone]--;
        _exits[zone]++;
        _totalDwell[zone] += dwell;
        if (dwell > _longestDwell[zone])
        {
            _longestDwell[zone] = dwell;
        }

        transitions.Add(new ZoneTransition(ZoneTransitionKind.Exited, zone, globalId, visit.LastInside, dwell));
    }

    private struct Visit
    {
        public DateTimeOffset Entered;
        public DateTimeOffset LastInside;
        public bool LoiteringReported;
    }
}
