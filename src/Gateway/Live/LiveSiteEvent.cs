namespace PoseCluster.Gateway.Live;

/// <summary>A site event as the live feed carries it.</summary>
/// <param name="Id">Event id (the same as in the stored history).</param>
/// <param name="Time">When it happened.</param>
/// <param name="Kind"><c>fall</c>, <c>loitering</c>, <c>restricted_entry</c>, <c>zone_entry</c> or <c>zone_exit</c>.</param>
/// <param name="GlobalId">The person's site-level id.</param>
/// <param name="Camera">The camera that saw it, when known.</param>
/// <param name="Zone">The zone, when any.</param>
/// <param name="Details">A short description.</param>
public sealed record LiveSiteEvent(Guid Id, DateTimeOffset Time, string Kind, int GlobalId, Guid? Camera, string? Zone, string Details);
