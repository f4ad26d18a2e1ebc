namespace PoseCluster.Pose.Tracking;

/// <summary>Creates per-camera pose trackers, by kind or by name (one instance per camera; trackers are not thread-safe).</summary>
public static class PoseTrackerFactory
{
    /// <summary>The tracker names <see cref="Create(string)"/> knows: bytetrack (the default), greedy-oks (the baseline), none.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bytetrack", "greedy-oks", "none"];

    /// <summary>The ByteTrack-style tracker (two-stage association, Kalman box, lost-track buffer).</summary>
    public static IPoseTracker CreateByteTrack(ByteTrackPoseTrackerOptions? options = null) =>
        new ByteTrackPoseTracker(options ?? new ByteTrackPoseTrackerOptions());

    /// <summary>The greedy OKS matching baseline.</summary>
    public static IPoseTracker CreateGreedyOks(GreedyOksPoseTrackerOptions? options = null) =>
        new GreedyOksPoseTracker(options ?? new GreedyOksPoseTrackerOptions());

    /// <summary>A tracker by name with default options; throws <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static IPoseTracker Create(string name) => name switch
    {
        "bytetrack" => CreateByteTrack(),
        "greedy-oks" => CreateGreedyOks(),
        "none" => new PassThroughPoseTracker(),
        _ => throw new ArgumentException($"Unknown tracker '{name}'. Trackers: {string.Join(", ", Names)}."),
    };
}
