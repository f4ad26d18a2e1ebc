using PoseCluster.Pose.Models;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.TopDown;

/// <summary>
/// Estimates one pose per person crop. Implementations batch crops into as few inference calls as their model allows
/// (crops of several frames included). One instance per thread; the model session is shared.
/// </summary>
public interface ITopDownEstimator : IDisposable
{
    /// <summary>The pose model's catalog entry.</summary>
    ModelEntry Model { get; }

    /// <summary>Most crops one inference call takes (1 for batch-1 models).</summary>
    int MaxBatch { get; }

    /// <summary>
    /// Fills <paramref name="results"/>[i] with the pose of <paramref name="crops"/>[i]: keypoints in image pixels,
    /// the detection box, and score = detection score x mean of the keypoint scores above the keypoint threshold.
    /// </summary>
    void Estimate(ReadOnlySpan<CropRequest> crops, Span<PersonPose> results, StageTimer? timer = null);
}
