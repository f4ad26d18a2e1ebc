using System.Runtime.CompilerServices;

namespace PoseCluster.Pose;

/// <summary>The 17 COCO keypoints of one person, stored inline (no heap allocation).</summary>
[InlineArray(CocoKeypoints.Count)]
public struct KeypointSet
{
    private Keypoint _element0;
}
