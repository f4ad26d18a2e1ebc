using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// The scripted crowd: twelve people criss-crossing the same 1280x720 view as <see cref="SimulatedFallScene"/> for a
/// minute, so an <c>auto</c> camera has a crowd to switch to bottom-up for.
/// </summary>
public static class SimulatedCrowdScene
{
    /// <summary>The scene's name.</summary>
    public const string Name = "crowd";

    /// <summary>A new instance of the scene.</summary>
    public static SimulatedScene Create()
    {
        var persons = Enumerable.Range(0, 12).Select(i => new SyntheticPerson
        {
            Id = i + 1,
            Waypoints = i % 2 == 0 ? [new PlanePoint(-3, 3.5 + (i * 0.45)), new PlanePoint(3, 4 + (i * 0.4))] : [new PlanePoint(3, 3.5 + (i * 0.45)), new PlanePoint(-3, 4.2 + (i * 0.38))],
            Speed = 0.4 + (i * 0.03),
            StayAtEnd = true,
        }).ToList();
        var options = new SyntheticSceneOptions
        {
            KeypointJitter = 0.005, OccludedKeypointJitter = 0.02, BoxJitter = 0.01, MissRate = 0, FalsePositivesPerFrame = 0, ScoreNoise = 0.02,
        };
        return new SimulatedScene(Name, new SyntheticSceneGenerator(persons, SimulatedFallScene.Camera, SimulatedFallScene.Width, SimulatedFallScene.Height, options), loopSeconds: 60);
    }
}
