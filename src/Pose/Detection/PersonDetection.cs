namespace PoseCluster.Pose.Detection;

/// <summary>A detected person: box in image pixels and confidence.</summary>
/// <param name="Box">The box.</param>
/// <param name="Score">Detector confidence (0..1).</param>
public readonly record struct PersonDetection(BoundingBox Box, float Score);
