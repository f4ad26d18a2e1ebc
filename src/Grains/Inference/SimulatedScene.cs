using PoseCluster.Pose.Evaluation.Synthetic;

namespace PoseCluster.Grains.Inference;

/// <summary>
/// A scripted synthetic scene that a simulated pipeline reports instead of running models: the poses of the scene at
/// the time since the pipeline started, looping every <see cref="LoopSeconds"/>. Lets site aggregation, events and
/// the site view be tried (and tested end to end) on machines without models or a camera pointed at a real fall.
/// </summary>
public sealed class SimulatedScene
{
    /// <summary>Creates a scene from its generator and loop length.</summary>
    public SimulatedScene(string name, SyntheticSceneGenerator generator, double loopSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(loopSeconds, 0);
        Name = name;
        Generator = generator ?? throw new ArgumentNullException(nameof(generator));
        LoopSeconds = loopSeconds;
    }

    /// <summary>The scene's name (the silo option value).</summary>
    public string Name { get; }

    /// <summary>Generates the scene's frames (not thread-safe: callers serialise).</summary>
    public SyntheticSceneGenerator Generator { get; }

    /// <summary>The scene restarts after this many seconds.</summary>
    public double LoopSeconds { get; }

    /// <summary>The names <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [SimulatedFallScene.Name, SimulatedCrowdScene.Name];

    /// <summary>A scene by name; throws <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static SimulatedScene Create(string name) => name switch
    {
        SimulatedFallScene.Name => SimulatedFallScene.Create(),
        SimulatedCrowdScene.Name => SimulatedCrowdScene.Create(),
        _ => throw new ArgumentException($"Unknown simulated scene '{name}'. Scenes: {string.Join(", ", Names)}."),
    };
}
