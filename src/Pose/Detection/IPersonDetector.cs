using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Pipelines;

namespace PoseCluster.Pose.Detection;

/// <summary>Finds people in an image. Instances hold per-thread scratch: use one per thread (the model session is shared).</summary>
public interface IPersonDetector : IDisposable
{
    /// <summary>The detector's catalog entry.</summary>
    ModelEntry Model { get; }

    /// <summary>Score threshold in use.</summary>
    float ScoreThreshold { get; set; }

    /// <summary>
    /// Detects people in <paramref name="image"/>, replacing the contents of <paramref name="detections"/> with the
    /// kept boxes (after NMS), highest score first.
    /// </summary>
    void Detect(RgbImage image, List<PersonDetection> detections, StageTimer? timer = null);
}
