namespace PoseCluster.Gateway.Api.Contracts;

/// <summary>A zone.</summary>
/// <param name="Id">Zone id.</param>
/// <param name="CameraId">Its camera.</param>
/// <param name="Camera">The camera's name.</param>
/// <param name="Name">Name.</param>
/// <param name="Polygon">Points <c>[x, y]</c> in normalised image coordinates.</param>
/// <param name="Persons">Persons in it in the camera's latest frame (null when the camera is not streaming).</param>
/// <param name="CreatedAt">Creation time.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record ZoneView(Guid Id, Guid CameraId, string? Camera, string Name, IReadOnlyList<double[]> Polygon, int? Persons, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
