namespace PoseCluster.Cluster.Access;

/// <summary>What a user or an API key may do (stored as <c>viewer|admin</c>).</summary>
public enum AccessRole
{
    /// <summary>Reads everything (cameras, nodes, live poses, history); changes nothing.</summary>
    Viewer,

    /// <summary>Also registers cameras, sites and zones and manages users and API keys.</summary>
    Admin,
}
