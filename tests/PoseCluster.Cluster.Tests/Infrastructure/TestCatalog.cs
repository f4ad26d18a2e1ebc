using PoseCluster.Cluster.Placement;

namespace PoseCluster.Cluster.Tests.Infrastructure;

public static class TestCatalog
{
    public static readonly string[] TopDownModels = ["yolox-nano-416", "simplepose-256x192"];

    public static readonly PipelineCatalog Instance = new(
    [
        new PipelineRequirement("topdown", TopDownModels, 1.0),
        new PipelineRequirement("movenet", ["movenet-lightning-192"], 0.5),
    ]);
}
