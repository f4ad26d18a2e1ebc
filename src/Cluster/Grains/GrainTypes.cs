namespace PoseCluster.Cluster.Grains;

/// <summary>Grain types the placement director places.</summary>
public static class GrainTypes
{
    /// <summary>One per enabled camera; key = camera id.</summary>
    public const string Camera = "camera";

    /// <summary>One per site; key = site id.</summary>
    public const string Site = "site";
}
