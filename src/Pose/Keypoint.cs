namespace PoseCluster.Pose;

/// <summary>A keypoint in image pixels with its confidence.</summary>
/// <param name="X">Horizontal position in pixels of the source image.</param>
/// <param name="Y">Vertical position in pixels of the source image.</param>
/// <param name="Score">Confidence, usually 0..1 (model-dependent).</param>
public readonly record struct Keypoint(float X, float Y, float Score);
