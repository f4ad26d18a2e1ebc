using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>One generated frame of one camera: the ground truth, the simulated detections and where each came from.</summary>
public sealed class SyntheticFrame
{
    /// <summary>Ground truth: persons visible enough to be detectable, id in <see cref="PersonPose.TrackId"/>, keypoint score 2 = visible, 1 = occluded, 0 = outside the image.</summary>
    public required PoseFrame Truth { get; init; }

    /// <summary>Simulated detector output (untracked), in random order.</summary>
    public required PoseFrame Detections { get; init; }

    /// <summary>For each detection, the ground-truth id it came from (0 for a false positive).</summary>
    public required int[] DetectionSources { get; init; }

    /// <summary>The true floor position (metres) of every person present in the scene at this time, by id, visible or not.</summary>
    public required IReadOnlyDictionary<int, PlanePoint> FloorPositions { get; init; }
}
