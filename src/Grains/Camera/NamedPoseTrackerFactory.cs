using PoseCluster.Pose.Tracking;

namespace PoseCluster.Grains.Camera;

/// <summary>Per-camera trackers chosen by name (<see cref="PoseTrackerFactory.Names"/>): bytetrack by default, greedy-oks, none.</summary>
public sealed class NamedPoseTrackerFactory : IPoseTrackerFactory
{
    private readonly string _name;

    /// <summary>Creates the factory; throws <see cref="ArgumentException"/> for an unknown name.</summary>
    public NamedPoseTrackerFactory(string name)
    {
        if (!PoseTrackerFactory.Names.Contains(name))
        {
            throw new ArgumentException($"Unknown tracker '{name}'. Trackers: {string.Join(", ", PoseTrackerFactory.Names)}.", nameof(name));
        }

        _name = name;
    }

    /// <inheritdoc />
    public IPoseTracker Create(Guid cameraId) => PoseTrackerFactory.Create(_name);
}
