namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>One zone's occupancy series.</summary>
/// <param name="ZoneId">Zone id.</param>
/// <param name="Zone">Zone name.</param>
/// <param name="CameraId">Its camera.</param>
/// <param name="Camera">The camera's name.</param>
/// <param name="Persons">Persons in it now (null when the camera is not streaming).</param>
/// <param name="Samples">Per-second samples <c>[unix_ms, persons | null]</c>, oldest first.</param>
public sealed record ZoneOccupancyView(Guid ZoneId, string Zone, Guid CameraId, string? Camera, int? Persons, IReadOnlyList<object?[]> Samples);
