using PoseCluster.Pose.Detection;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.TopDown;

/// <summary>One person to estimate: the image and the detector's box and score.</summary>
/// <param name="Image">The frame the person is in.</param>
/// <param name="Person">The detection.</param>
public readonly record struct CropRequest(RgbImage Image, PersonDetection Person);
