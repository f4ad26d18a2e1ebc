namespace PoseCluster.Pose.Site;

/// <summary>Something that happened at a site, for the event log, alerts and the dashboard.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Site">The site's name.</param>
/// <param name="Camera">The camera that saw it (the last one that saw the person for exits).</param>
/// <param name="GlobalId">The person's site-level id.</param>
/// <param name="Zone">The zone's name, for zone events; null otherwise.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Details">A short human-readable detail (dwell time, fall duration).</param>
public sealed record SiteEvent(DateTimeOffset Time, string Site, string? Camera, int GlobalId, string? Zone, SiteEventKind Kind, string Details);
