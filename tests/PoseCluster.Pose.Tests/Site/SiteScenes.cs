using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>Simulated site cameras: synthetic persons -> detector -> ByteTrack per camera -> a site aggregator.</summary>
internal static class SiteScenes
{
    public const int Width = 1280;
    public const int Height = 720;

    /// <summary>Left camera: at (-3.5, -2, 3.5) looking along +Y, 25 degrees down.</summary>
    public static PinholeCamera Left { get; } = PinholeCamera.LookingAt(800, 800, Width / 2.0, Height / 2.0, new WorldPoint(-3.5, -2, 3.5), Math.PI / 2, 25 * Math.PI / 180);

    /// <summary>Right camera: at (3.5, -2, 3.5), same direction: the views overlap around x = 0.</summary>
    public static PinholeCamera Right { get; } = PinholeCamera.LookingAt(800, 800, Width / 2.0, Height / 2.0, new WorldPoint(3.5, -2, 3.5), Math.PI / 2, 25 * Math.PI / 180);

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The image-to-floor homography a user would get by clicking four floor marks (0.3 px error) of the camera.</summary>
    public static Homography Calibrate(PinholeCamera camera)
    {
        PlanePoint[] marks = [new(-2, 3), new(2, 3), new(3, 9), new(-3, 9), new(0, 6)];
        var offsets = new[] { (0.3, -0.2), (-0.2, 0.3), (0.25, 0.1), (-0.3, -0.1), (0.1, 0.2) };
        var pairs = marks.Select((m, i) =>
        {
            var p = camera.Project(new WorldPoint(m.X + camera.Centre.X, m.Y, 0), out _);
            return new PointCorrespondence(new PlanePoint(p.X + offsets[i].Item1, p.Y + offsets[i].Item2), new PlanePoint(m.X + camera.Centre.X, m.Y));
        }).ToArray();
        return HomographyEstimator.Estimate(pairs);
    }

    /// <summary>One camera of a run: its generator, tracker and index in the aggregator.</summary>
    public sealed class CameraRun(SyntheticSceneGenerator generator, int index)
    {
        public SyntheticSceneGenerator Generator { get; } = generator;

        public IPoseTracker Tracker { get; } = PoseTrackerFactory.CreateByteTrack();

        public int Index { get; } = index;
    }

    /// <summary>
    /// Runs <paramref name="persons"/> through the cameras for <paramref name="seconds"/> at 25 fps into
    /// <paramref name="site"/>; calls <paramref name="observe"/> per camera frame with the sources and the global ids.
    /// </summary>
    public static void Run(
        SiteAggregator site, IReadOnlyList<SyntheticPerson> persons, IReadOnlyList<PinholeCamera> cameras, double seconds,
        SyntheticSceneOptions? options = null, Action<int, int[], int[]>? observe = null)
    {
        var runs = cameras.Select((c, i) => new CameraRun(new SyntheticSceneGenerator(persons, c, Width, Height, options, (ulong)(100 + i)), site.AddCamera($"cam-{i}", Calibrate(c)))).ToList();
        var frames = (int)(seconds * 25);
        for (var f = 0; f < frames; f++)
        {
            foreach (var run in runs)
            {
                var frame = run.Generator.Generate(f);
                var detections = frame.Detections;
                run.Tracker.Update(detections);
                site.Update(run.Index, detections, Start + TimeSpan.FromSeconds(f / 25.0));
                observe?.Invoke(run.Index, frame.DetectionSources, site.LastGlobalIds.ToArray());
            }
        }
    }

    public static SyntheticSceneOptions Clean => new()
    {
        KeypointJitter = 0.005, OccludedKeypointJitter = 0.02, BoxJitter = 0.01, MissRate = 0, FalsePositivesPerFrame = 0, ScoreNoise = 0.02,
    };
}
