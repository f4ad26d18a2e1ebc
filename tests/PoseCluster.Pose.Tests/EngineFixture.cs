using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.Tests;

/// <summary>One catalog and session cache shared by the tests of a collection (sessions are expensive to create).</summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Catalog = ModelCatalog.Load();
        Sessions = new ModelSessionCache(Catalog, new PoseCluster.Pose.Onnx.OnnxRuntimeOptions { IntraOpThreads = 1 });
    }

    public ModelCatalog Catalog { get; }

    public ModelSessionCache Sessions { get; }

    public void Dispose() => Sessions.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
