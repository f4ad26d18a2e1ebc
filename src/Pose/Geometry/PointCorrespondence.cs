namespace PoseCluster.Pose.Geometry;

/// <summary>One point pair for homography estimation: where a point is in the source plane and in the destination plane.</summary>
/// <param name="Source">The point in the source plane (for a camera: image pixels).</param>
/// <param name="Destination">The same point in the destination plane (for a camera: floor-plan metres).</param>
public readonly record struct PointCorrespondence(PlanePoint Source, PlanePoint Destination);
