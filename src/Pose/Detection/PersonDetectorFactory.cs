using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.Detection;

/// <summary>Creates the detector for a catalog entry's family.</summary>
public static class PersonDetectorFactory
{
    /// <summary>Families with a person detector.</summary>
    public static IReadOnlyList<string> Families { get; } = ["yolox", "nanodet"];

    /// <summary>Creates a detector for <paramref name="modelId"/> using the shared sessions of <paramref name="sessions"/>.</summary>
    public static IPersonDetector Create(string modelId, ModelSessionCache sessions)
    {
        var entry = sessions.Catalog.Get(modelId);
        return entry.Family switch
        {
            "yolox" => new YoloxPersonDetector(entry, sessions.Get(entry)),
            "nanodet" => new NanoDetPersonDetector(entry, sessions.Get(entry)),
            _ => throw new ModelCatalogException(
                $"Model '{modelId}' (family '{entry.Family}') is not a person detector; detector families: {string.Join(", ", Families)}."),
        };
    }
}
