using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace PoseCluster.Gateway.Live;

/// <summary>
/// Live zone occupancy: counts, in every processed frame, the persons whose ground point (the midpoint of the ankles,
/// else the bottom centre of the box) lies in each of the camera's zones, and keeps one sample per second (the most
/// persons seen in that second) for <see cref="LiveFeedOptions.OccupancyHistory"/>. Seconds without frames are gaps.
/// This is per-camera image-space occupancy from the live poses; site-level fusion on the ground plane, posture and
/// events come with the tracking work (the site grain).
/// </summary>
public sealed class ZoneOccupancyTracker : BackgroundService
{
    private const int LeftAnkle = 15;
    private const int RightAnkle = 16;
    private const double KeypointThreshold = 0.3;
    private readonly ConcurrentDictionary<Guid, ZoneSeries> _zones = new();
    private readonly ClusterStateCache _state;
    private readonly LiveFeedOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the tracker.</summary>
    public ZoneOccupancyTracker(ClusterStateCache state, GatewayOptions options, TimeProvider time)
    {
        _state = state;
        _options = options.Live;
        _time = time;
    }

    /// <summary>Counts a frame's persons in the camera's zones.</summary>
    public void OnPose(Guid camera, int width, int height, JsonElement persons, DateTimeOffset at)
    {
        if (!_state.Current.ZonesByCamera.TryGetValue(camera, out var zones) || width <= 0 || height <= 0)
        {
            return;
        }

        Span<(double X, double Y)> points = stackalloc (double, double)[Math.Min(persons.GetArrayLength(), 256)];
        var n = 0;
        foreach (var person in persons.EnumerateArray())
        {
            if (n == points.Length)
            {
                break;
            }

            points[n++] = GroundPoint(person, width, height);
        }

        foreach (var zone in zones)
        {
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                if (zone.Contains(points[i].X, points[i].Y))
                {
                    count++;
                }
            }

            _zones.GetOrAdd(zone.Id, _ => new ZoneSeries(_options.OccupancyHistory)).Observe(count, at);
        }
    }

    /// <summary>The latest count and the per-second samples since <paramref name="since"/> of a zone (empty when never seen).</summary>
    public (int? Current, IReadOnlyList<(long UnixSecond, int? Persons)> Samples) Read(Guid zone, DateTimeOffset since)
    {
        if (!_zones.TryGetValue(zone, out var series))
        {
            return (null, []);
        }

        var now = _time.GetUtcNow();
        return series.Read(since, now, _options.StallAfter);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = _time.GetUtcNow();
                var live = _state.Current.Zones.Select(z => z.Id).ToHashSet();
                foreach (var (id, series) in _zones)
                {
                    if (!live.Contains(id))
                    {
                        _zones.TryRemove(id, out _);
                        continue;
                    }

                    series.Sample(now, _options.StallAfter);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static (double X, double Y) GroundPoint(JsonElement person, int width, int height)
    {
        if (person.TryGetProperty("keypoints", out var keypoints) && keypoints.GetArrayLength() > RightAnkle)
        {
            var l = keypoints[LeftAnkle];
            var r = keypoints[RightAnkle];
            var ls = l[2].GetDouble() >= KeypointThreshold;
            var rs = r[2].GetDouble() >= KeypointThreshold;
            if (ls || rs)
            {
                var x = ls && rs ? (l[0].GetDouble() + r[0].GetDouble()) / 2 : ls ? l[0].GetDouble() : r[0].GetDouble();
                var y = ls && rs ? (l[1].GetDouble() + r[1].GetDouble()) / 2 : ls ? l[1].GetDouble() : r[1].GetDouble();
                return (x / width, y / height);
            }
        }

        if (person.TryGetProperty("box", out var box) && box.GetArrayLength() == 4)
        {
            return ((box[0].GetDouble() + box[2].GetDouble()) / 2 / width, box[3].GetDouble() / height);
        }

        return (-1, -1);
    }

    /// <summary>One zone's latest count and its ring of per-second samples.</summary>
    private sealed class ZoneSeries
    {
        private readonly Lock _gate = new();
        private readonly (long Second, int? Persons)[] _ring;
        private int _start;
        private int _count;
        private int _current;
        private int _secondMax = -1;
        private DateTimeOffset _lastFrame = DateTimeOffset.MinValue;

        public ZoneSeries(TimeSpan history)
        {
            _ring = new (long, int?)[(int)Math.Ceiling(history.TotalSeconds)];
        }

        public void Observe(int persons, DateTimeOffset at)
        {
            lock (_gate)
            {
                _current = persons;
                _secondMax = Math.Max(_secondMax, persons);
                _lastFrame = at;
            }
        }

        public void Sample(DateTimeOffset now, TimeSpan stallAfter)
        {
            lock (_gate)
            {
                int? value = now - _lastFrame > stallAfter ? null : Math.Max(_secondMax, _current);
                _secondMax = -1;
                var second = now.ToUnixTimeSeconds();
                if (_count > 0 && _ring[(_start + _count - 1) % _ring.Length].Second == second)
                {
                    return;
                }

                if (_count == _ring.Length)
                {
                    _start = (_start + 1) % _ring.Length;
                    _count--;
                }

                _ring[(_start + _count) % _ring.Length] = (second, value);
                _count++;
            }
        }

        public (int? Current, IReadOnlyList<(long UnixSecond, int? Persons)> Samples) Read(DateTimeOffset since, DateTimeOffset now, TimeSpan stallAfter)
        {
            lock (_gate)
            {
                var from = since.ToUnixTimeSeconds();
                var samples = new List<(long, int?)>();
                for (var i = 0; i < _count; i++)
                {
                    var s = _ring[(_start + i) % _ring.Length];
                    if (s.Second >= from)
                    {
                        samples.Add(s);
                    }
                }

                return (now - _lastFrame > stallAfter ? null : _current, samples);
            }
        }
    }
}
