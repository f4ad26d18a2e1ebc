namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One site event.</summary>
/// <param name="Id">Event id.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Kind"><c>fall</c>, <c>loitering</c>, <c>restricted_entry</c>, <c>zone_entry</c> or <c>zone_exit</c>.</param>
/// <param name="GlobalId">The site-level person id.</param>
/// <param name="Camera">The camera that saw it, when known.</param>
/// <param name="CameraName">That camera's name, when it still exists.</param>
/// <param name="Zone">The zone, when any.</param>
/// <param name="Details">A short description.</param>
public sealed record SiteEventView(Guid Id, DateTimeOffset Time, string Kind, int GlobalId, Guid? Camera, string? CameraName, string? Zone, string Details);
