using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;
using PoseCluster.Grains.Inference;
using PoseCluster.Grains.Site;
using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Silo.Tests.Grains;

/// <summary>
/// The site grain's aggregation with known answers: calibrations stored the way the API stores them (normalised image
/// to floor metres), tracked synthetic frames from two overlapping cameras, the scripted fall, and the history rows.
/// </summary>
public sealed class SiteAggregationTests
{
    private const int Width = 1280;
    private const int Height = 720;
    private static readonly Guid Site = Guid.NewGuid();
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Walkers_seen_by_two_overlapping_cameras_keep_one_global_id_each()
    {
        var left = PinholeCamera.LookingAt(800, 800, Width / 2.0, Height / 2.0, new WorldPoint(-3.5, -2, 3.5), Math.PI / 2, 25 * Math.PI / 180);
        var right = PinholeCamera.LookingAt(800, 800, Width / 2.0, Height / 2.0, new WorldPoint(3.5, -2, 3.5), Math.PI / 2, 25 * Math.PI / 180);
        SyntheticPerson[] walkers =
        [
            new() { Id = 1, Waypoints = [new(-5, 5), new(5, 5)], Speed = 1.2 },
            new() { Id = 2, Waypoints = [new(5, 8), new(-5, 8)], Speed = 1.1 },
        ];
        var cameras = new[] { (Id: Guid.NewGuid(), Camera: left), (Id: Guid.NewGuid(), Camera: right) };
        var aggregation = new SiteAggregation(Site, Configuration(cameras.Select(c => (c.Id, Calibrate(c.Camera))).ToArray(), []), new SiteGrainOptions());
        var generators = cameras.Select((c, i) => new SyntheticSceneGenerator(walkers, c.Camera, Width, Height, Clean, (ulong)(7 + i))).ToArray();
        var trackers = cameras.Select(_ => PoseTrackerFactory.CreateByteTrack()).ToArray();
        var idsOf = new Dictionary<int, HashSet<int>> { [1] = [], [2] = [] };
        var frames = 9 * 25;
        for (var f = 0; f < frames; f++)
        {
            var time = Start + TimeSpan.FromSeconds(f / 25.0);
            SyntheticFrame? truth = null;
            for (var c = 0; c < cameras.Length; c++)
            {
                var frame = generators[c].Generate(f);
                truth ??= frame;
                trackers[c].Update(frame.Detections);
                aggregation.Add(cameras[c].Id, frame.Detections, time);
            }

            if (f % 5 == 4 && f > 25)
            {
                // Match each walker's true floor position to the nearest live identity.
                var (people, _, _) = aggregation.Snapshot();
                foreach (var (person, position) in truth!.FloorPositions)
                {
                    var nearest = people.MinBy(p => Math.Pow(p.X - position.X, 2) + Math.Pow(p.Y - position.Y, 2));
                    Assert.True(Math.Sqrt(Math.Pow(nearest.X - position.X, 2) + Math.Pow(nearest.Y - position.Y, 2)) < 0.8, $"walker {person} at {position} has no identity near it at frame {f}");
                    idsOf[person].Add(nearest.GlobalId);
                }
            }
        }

        Assert.Single(idsOf[1]);
        Assert.Single(idsOf[2]);
        Assert.NotEqual(idsOf[1].Single(), idsOf[2].Single());
    }

    [Fact]
    public void The_scripted_fall_raises_one_fall_event_and_ends_lying_where_it_fell_and_history_counts_the_zone()
    {
        var camera = Guid.NewGuid();
        var zone = new SiteZoneRecord(Guid.NewGuid(), Site, "aisle", [new ZonePoint(-0.5, 5), new ZonePoint(1.5, 5), new ZonePoint(1.5, 7), new ZonePoint(-0.5, 7)], false, null, Start, Start);
        var aggregation = new SiteAggregation(Site, Configuration([(camera, FitApi(SimulatedFallScene.Calibration))], [zone]), new SiteGrainOptions());
        var scene = SimulatedFallScene.Create();
        var tracker = PoseTrackerFactory.CreateByteTrack();
        var events = new List<SiteEventRecord>();
        for (var f = 0; f < 9 * 25; f++)
        {
            var frame = scene.Generator.Generate(f).Detections;
            tracker.Update(frame);
            aggregation.Add(camera, frame, Start + TimeSpan.FromSeconds(f / 25.0));
            if (f % 25 == 24)
            {
                Assert.Single(aggregation.Snapshot().Identities);
                aggregation.TakeEvents(events);
            }
        }

        var fall = Assert.Single(events);
        Assert.Equal("fall", fall.Kind);
        Assert.Equal(camera, fall.CameraId);
        Assert.Equal(Site, fall.SiteId);
        Assert.InRange((fall.Time - Start).TotalSeconds, 4.5, 6.5);
        var (people, zones, cameras) = aggregation.Snapshot();
        var person = Assert.Single(people);
        Assert.Equal("lying", person.Posture);
        Assert.InRange(person.X, -0.3, 1.3);
        Assert.InRange(person.Y, 5.2, 6.8);
        Assert.Equal(1, Assert.Single(zones).Persons);
        Assert.True(Assert.Single(cameras).Calibrated);

        var rows = aggregation.TakeActivity(Start + TimeSpan.FromSeconds(9), Guid.NewGuid(), 3);
        var site = Assert.Single(rows, r => r.Zone == "");
        var aisle = Assert.Single(rows, r => r.Zone == "aisle");
        Assert.Equal(1, site.PersonsMax);
        Assert.Equal(1, site.Entries);
        Assert.Equal(1, aisle.Entries);
        Assert.Equal(0, aisle.Exits);
        Assert.Equal(1, aisle.PersonsMax);
        Assert.InRange(aisle.PersonsAvg, 0.1, 0.9);
        Assert.Empty(aggregation.TakeActivity(Start + TimeSpan.FromSeconds(10), Guid.NewGuid(), 3));
    }

    [Fact]
    public void Frames_of_uncalibrated_cameras_are_counted_but_not_placed_and_a_new_calibration_starts_the_floor_over()
    {
        var camera = Guid.NewGuid();
        var aggregation = new SiteAggregation(Site, Configuration([], []) with { Cameras = new HashSet<Guid> { camera } }, new SiteGrainOptions());
        var scene = SimulatedFallScene.Create();
        var tracker = PoseTrackerFactory.CreateByteTrack();
        for (var f = 0; f < 50; f++)
        {
            var frame = scene.Generator.Generate(f).Detections;
            tracker.Update(frame);
            Assert.Equal(0, aggregation.Add(camera, frame, Start + TimeSpan.FromSeconds(f / 25.0)));
        }

        var (people, _, cameras) = aggregation.Snapshot();
        Assert.Empty(people);
        Assert.Equal(1, Assert.Single(cameras).Persons);
        Assert.False(cameras[0].Calibrated);

        aggregation.Reconfigure(Configuration([(camera, FitApi(SimulatedFallScene.Calibration))], []));
        for (var f = 50; f < 75; f++)
        {
            var frame = scene.Generator.Generate(f).Detections;
            tracker.Update(frame);
            aggregation.Add(camera, frame, Start + TimeSpan.FromSeconds(f / 25.0));
        }

        Assert.Single(aggregation.Snapshot().Identities);
    }

    private static SyntheticSceneOptions Clean => new()
    {
        KeypointJitter = 0.005, OccludedKeypointJitter = 0.02, BoxJitter = 0.01, MissRate = 0, FalsePositivesPerFrame = 0, ScoreNoise = 0.02,
    };

    private static SiteConfiguration Configuration((Guid Camera, CameraCalibration Calibration)[] calibrations, IReadOnlyList<SiteZoneRecord> zones) => new(
        "site-a",
        calibrations.Select(c => c.Camera).ToHashSet(),
        calibrations.ToDictionary(c => c.Camera, c => c.Calibration with { CameraId = c.Camera }),
        zones);

    /// <summary>Floor marks clicked in a camera's image, stored as the API stores them.</summary>
    private static CameraCalibration Calibrate(PinholeCamera camera)
    {
        PlanePoint[] marks = [new(-2, 3), new(2, 3), new(3, 9), new(-3, 9), new(0, 6)];
        var points = marks.Select(m =>
        {
            var floor = new PlanePoint(m.X + camera.Centre.X, m.Y);
            var p = camera.Project(new WorldPoint(floor.X, floor.Y, 0), out _);
            return new CalibrationPoint(p.X / Width, p.Y / Height, floor.X, floor.Y);
        }).ToArray();
        return FitApi(points);
    }

    private static CameraCalibration FitApi(IReadOnlyList<CalibrationPoint> points)
    {
        var pairs = points.Select(p => new PointCorrespondence(new PlanePoint(p.ImageX, p.ImageY), new PlanePoint(p.FloorX, p.FloorY))).ToArray();
        var h = HomographyEstimator.Estimate(pairs);
        var elements = new double[9];
        h.CopyTo(elements);
        return new CameraCalibration(Guid.Empty, points, elements, HomographyEstimator.RootMeanSquareError(h, pairs), Start);
    }
}
