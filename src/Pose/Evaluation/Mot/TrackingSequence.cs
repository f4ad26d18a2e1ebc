namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>A tracking test sequence: per frame, the ground truth and the detections a tracker is run on.</summary>
public sealed class TrackingSequence
{
    /// <summary>Name (the file name without extension when loaded).</summary>
    public required string Name { get; init; }

    /// <summary>Image width.</summary>
    public required int Width { get; init; }

    /// <summary>Image height.</summary>
    public required int Height { get; init; }

    /// <summary>Frames per second.</summary>
    public required double Fps { get; init; }

    /// <summary>The frames in order.</summary>
    public required IReadOnlyList<TrackingSequenceFrame> Frames { get; init; }
}
