using PoseCluster.Pose.Geometry;

namespace PoseCluster.Pose.Site;

/// <summary>Where a person touches the floor in the image: between the ankles, or the bottom centre of the box when no ankle is seen.</summary>
public static class GroundContactPoint
{
    /// <summary>
    /// The image point under <paramref name="pose"/>: the mean of the ankles scored above <paramref name="minimumScore"/>
    /// (one ankle alone when only one is), otherwise the bottom centre of the box.
    /// </summary>
    public static PlanePoint Of(in PersonPose pose, float minimumScore)
    {
        var left = pose.Keypoints[CocoKeypoints.LeftAnkle];
        var right = pose.Keypoints[CocoKeypoints.RightAnkle];
        var l = left.Score > minimumScore;
        var r = right.Score > minimumScore;
        return (l, r) switch
        {
            (true, true) => new PlanePoint((left.X + right.X) * 0.5, (left.Y + right.Y) * 0.5),
            (true, false) => new PlanePoint(left.X, left.Y),
            (false, true) => new PlanePoint(right.X, right.Y),
            _ => new PlanePoint(pose.Box.CenterX, pose.Box.Y2),
        };
    }
}
