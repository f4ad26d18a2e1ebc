using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.TopDown;

/// <summary>Creates the top-down estimator for a catalog entry's family.</summary>
public static class TopDownEstimatorFactory
{
    /// <summary>Families with a top-down estimator.</summary>
    public static IReadOnlyList<string> Families { get; } = ["heatmap", "movenet-singlepose", "blazepose-landmark"];

    /// <summary>Creates an estimator for <paramref name="modelId"/>.</summary>
    public static ITopDownEstimator Create(string modelId, ModelSessionCache sessions, HeatmapDecoding decoding, bool darkGuard, int maxBatch)
    {
        var entry = sessions.Catalog.Get(modelId);
        return entry.Family switch
        {
            "heatmap" => new HeatmapPoseEstimator(entry, sessions.Get(entry), decoding, darkGuard, maxBatch),
            "movenet-singlepose" => new MoveNetSinglePoseEstimator(entry, sessions.Get(entry)),
            "blazepose-landmark" => new BlazePoseLandmarkEstimator(entry, sessions.Get(entry)),
            _ => throw new ModelCatalogException(
                $"Model '{modelId}' (family '{entry.Family}') is not a top-down pose model; top-down families: {string.Join(", ", Families)}."),
        };
    }
}
