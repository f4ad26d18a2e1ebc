namespace PoseCluster.AppHost.Tests.Local;

/// <summary>The local-cluster tests run one after the other: each starts several processes on a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class LocalClusterCollection
{
    public const string Name = "local-cluster";
}
