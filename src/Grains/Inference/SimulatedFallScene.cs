using PoseCluster.Cluster.Sites;
using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// The scripted fall: one person walks into a 1280x720 view from (-2, 4) to (0.5, 6) on the floor (metres), falls
/// forward at 5 s and lies still until the scene loops at 16 s. <see cref="Calibration"/> is what an operator would
/// click for that camera, so a site with it shows the person on the floor plan and raises one fall per loop.
/// </summary>
public static class SimulatedFallScene
{
    /// <summary>The scene's name.</summary>
    public const string Name = "fall";

    /// <summary>Image width of the scene's camera.</summary>
    public const int Width = 1280;

    /// <summary>Image height of the scene's camera.</summary>
    public const int Height = 720;

    /// <summary>The scene's camera: 3.5 m up at (0, -2), looking along +y, 25 degrees down.</summary>
    public static PinholeCamera Camera { get; } = PinholeCamera.LookingAt(800, 800, Width / 2.0, Height / 2.0, new WorldPoint(0, -2, 3.5), Math.PI / 2, 25 * Math.PI / 180);

    /// <summary>Five floor marks and where the scene's camera sees them (normalised image coordinates).</summary>
    public static IReadOnlyList<CalibrationPoint> Calibration { get; } = Marks();

    /// <summary>A new instance of the scene.</summary>
    public static SimulatedScene Create()
    {
        var person = new SyntheticPerson
        {
            Id = 1,
            Waypoints = [new(-2, 4), new(0.5, 6)],
            Speed = 1.0,
            StayAtEnd = true,
            Postures = [new PostureKeyframe(5, SyntheticPosture.Lying, 0.8)],
        };
        var options = new SyntheticSceneOptions
        {
            KeypointJitter = 0.005, OccludedKeypointJitter = 0.02, BoxJitter = 0.01, MissRate = 0, FalsePositivesPerFrame = 0, ScoreNoise = 0.02,
        };
        return new SimulatedScene(Name, new SyntheticSceneGenerator([person], Camera, Width, Height, options), loopSeconds: 16);
    }

    private static CalibrationPoint[] Marks()
    {
        PlanePoint[] marks = [new(-2, 3), new(2, 3), new(3, 9), new(-3, 9), new(0, 6)];
        return [.. marks.Select(m =>
        {
            var p = Camera.Project(new WorldPoint(m.X, m.Y, 0), out _);
            return new CalibrationPoint(p.X / Width, p.Y / Height, m.X, m.Y);
        })];
    }
}
