namespace PoseCluster.Pose.Site;

/// <summary>A named area of a site's floor whose occupancy is counted.</summary>
public sealed class Zone
{
    /// <summary>Name, unique within the site (used in events).</summary>
    public required string Name { get; init; }

    /// <summary>The area on the floor plan.</summary>
    public required FloorPolygon Area { get; init; }

    /// <summary>Entering it raises a restricted-zone event. Default false.</summary>
    public bool Restricted { get; init; }

    /// <summary>Staying longer than this raises a loitering event (once per visit); null = never. Default null.</summary>
    public TimeSpan? LoiteringThreshold { get; init; }
}
