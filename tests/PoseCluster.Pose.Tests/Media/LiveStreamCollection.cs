namespace PoseCluster.Pose.Tests.Media;

/// <summary>
/// Tests that run stream servers and watch real time (stalls, reconnections) share one collection, so they run one at
/// a time and do not starve each other of the CI box's two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveStreamCollection
{
    public const string Name = "live streams";
}
