namespace PoseCluster.Pose.Site;

/// <summary>What a <see cref="SiteEvent"/> reports.</summary>
public enum SiteEventKind
{
    /// <summary>A person went from standing to lying within the fall window.</summary>
    Fall,

    /// <summary>A person stayed in a zone longer than its loitering threshold.</summary>
    Loitering,

    /// <summary>A person entered a restricted zone.</summary>
    RestrictedZoneEntry,

    /// <summary>A person entered a zone.</summary>
    ZoneEntered,

    /// <summary>A person left a zone (details give the dwell time).</summary>
    ZoneExited,
}
