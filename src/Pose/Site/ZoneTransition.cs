namespace PoseCluster.Pose.Site;

/// <summary>A change in a person's presence in a zone.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Zone">Index of the zone in the list <see cref="ZoneOccupancy"/> was created with.</param>
/// <param name="GlobalId">The person's site-level id.</param>
/// <param name="Time">When.</param>
/// <param name="Dwell">Time inside so far (on exit: the visit's length).</param>
public readonly record struct ZoneTransition(ZoneTransitionKind Kind, int Zone, int GlobalId, DateTimeOffset Time, TimeSpan Dwell);
