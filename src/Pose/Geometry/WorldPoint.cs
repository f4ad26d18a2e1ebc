namespace PoseCluster.Pose.Geometry;

/// <summary>A point of the site in metres: X, Y on the floor plan, Z up (the floor is Z = 0).</summary>
/// <param name="X">Floor-plan X.</param>
/// <param name="Y">Floor-plan Y.</param>
/// <param name="Z">Height above the floor.</param>
public readonly record struct WorldPoint(double X, double Y, double Z);
