namespace PoseCluster.Pose.Site;

/// <summary>What happened between a person and a zone.</summary>
public enum ZoneTransitionKind
{
    /// <summary>The person entered the zone.</summary>
    Entered,

    /// <summary>The person left the zone (or disappeared while inside).</summary>
    Exited,

    /// <summary>The person has stayed longer than the zone's loitering threshold (once per visit).</summary>
    DwellExceeded,
}
