namespace PoseCluster.Cluster.Zones;

/// <summary>
/// A polygon vertex in normalised image coordinates: <see cref="X"/> and <see cref="Y"/> run from 0 (left, top) to 1
/// (right, bottom) of the camera's image, so a zone survives a change of the camera's resolution.
/// </summary>
/// <param name="X">Horizontal position, 0..1.</param>
/// <param name="Y">Vertical position, 0..1.</param>
public readonly record struct ZonePoint(double X, double Y);
