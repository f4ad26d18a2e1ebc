using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tests.Nms;

public sealed class ObjectKeypointSimilarityTests
{
    private static PersonPose SingleKeypoint(int k, float x, float y, float score)
    {
        var pose = new PersonPose();
        pose.Keypoints[k] = new Keypoint(x, y, score);
        return pose;
    }

    [Fact]
    public void Pose_oks_matches_hand_computed_single_keypoint()
    {
        // Left shoulder (sigma .079) moved by (3, 4): d^2 = 25, area 100, e = 25 / (2 * .079)^2 / 100 / 2.
        var reference = SingleKeypoint(CocoKeypoints.LeftShoulder, 100, 100, 0.9f);
        var other = SingleKeypoint(CocoKeypoints.LeftShoulder, 103, 104, 0.9f);
        var expected = Math.Exp(-(25.0 / (0.158 * 0.158) / 100.0 / 2.0));

        var oks = ObjectKeypointSimilarity.BetweenPoses(reference.Keypoints, other.Keypoints, 100f, 0.2f);

        Assert.Equal(expected, oks, 6);
    }

    [Fact]
    public void Pose_oks_is_one_for_identical_poses_and_decreases_with_distance()
    {
        var a = TestPoses.Person(200, 200, 0.9f);
        var near = TestPoses.Person(203, 200, 0.9f);
        var far = TestPoses.Person(260, 200, 0.9f);
        var area = a.Box.Area;

        Assert.Equal(1f, ObjectKeypointSimilarity.BetweenPoses(a.Keypoints, a.Keypoints, area, 0.2f));
        var oksNear = ObjectKeypointSimilarity.BetweenPoses(a.Keypoints, near.Keypoints, area, 0.2f);
        var oksFar = ObjectKeypointSimilarity.BetweenPoses(a.Keypoints, far.Keypoints, area, 0.2f);
        Assert.InRange(oksNear, 0.5f, 0.9999f);
        Assert.InRange(oksFar, 0f, oksNear - 0.1f);
    }

    [Fact]
    public void Pose_oks_masks_by_the_reference_not_by_the_other_pose()
    {
        // The other pose has a wrong, low-scored nose. The copied oks_iou helper masks by the other pose's scores and
        // would skip the nose (OKS 1); masking by the reference, as intended, counts the error.
        var reference = TestPoses.Person(200, 200, 0.9f);
        var other = reference;
        other.Keypoints[CocoKeypoints.Nose] = new Keypoint(230, 150, 0.05f);
        var area = reference.Box.Area;

        var oks = ObjectKeypointSimilarity.BetweenPoses(reference.Keypoints, other.Keypoints, area, 0.2f);

        var noseVariance = 2 * 0.026 * 2 * 0.026;
        var dx = 230.0 - reference.Keypoints[CocoKeypoints.Nose].X;
        var dy = 150.0 - reference.Keypoints[CocoKeypoints.Nose].Y;
        var expected = (16 + Math.Exp(-((dx * dx) + (dy * dy)) / noseVariance / area / 2)) / 17;
        Assert.Equal(expected, oks, 6);
        Assert.True(oks < 0.95f);

        // And a low-scored reference keypoint does not count even if the other pose is confident there.
        var reversed = ObjectKeypointSimilarity.BetweenPoses(other.Keypoints, reference.Keypoints, area, 0.2f);
        Assert.Equal(1f, reversed);
    }

    [Fact]
    public void Pose_oks_is_zero_when_the_reference_has_no_visible_keypoint()
    {
        var reference = TestPoses.Person(200, 200, 0.9f, keypointScore: 0.1f);
        Assert.Equal(0f, ObjectKeypointSimilarity.BetweenPoses(reference.Keypoints, reference.Keypoints, 1000f, 0.2f));
    }

    [Fact]
    public void Pose_area_uses_the_box_or_falls_back_to_the_keypoint_extent()
    {
        var pose = TestPoses.Person(200, 200, 0.9f);
        var extent = BoundingBox.Around(pose.Keypoints, 0.2f).Area;
        pose.Box = new BoundingBox(0, 0, 10, 20);

        Assert.Equal(200f, ObjectKeypointSimilarity.PoseArea(pose, OksAreaSource.Box, 0.2f));
        Assert.Equal(extent, ObjectKeypointSimilarity.PoseArea(pose, OksAreaSource.KeypointExtent, 0.2f));
        pose.Box = default;
        Assert.Equal(extent, ObjectKeypointSimilarity.PoseArea(pose, OksAreaSource.Box, 0.2f));
    }

    [Fact]
    public void Ground_truth_oks_matches_hand_computed_value_over_labelled_keypoints()
    {
        var gt = new double[51];
        var dt = new double[51];
        // Two labelled keypoints: nose (exact) and right ankle (off by (6, 8)); one unlabelled, far off, ignored.
        Set(gt, CocoKeypoints.Nose, 50, 40, 2);
        Set(dt, CocoKeypoints.Nose, 50, 40, 0.9);
        Set(gt, CocoKeypoints.RightAnkle, 60, 200, 1);
        Set(dt, CocoKeypoints.RightAnkle, 66, 208, 0.9);
        Set(gt, CocoKeypoints.LeftWrist, 0, 0, 0);
        Set(dt, CocoKeypoints.LeftWrist, 500, 500, 0.9);
        double[] box = [30, 30, 60, 180];
        const double area = 5000;

        var oks = ObjectKeypointSimilarity.GroundTruthToDetection(gt, box, area, dt);

        var ankleVariance = (.89 / 10.0 * 2) * (.89 / 10.0 * 2);
        var expected = (1 + Math.Exp(-(100 / ankleVariance / (area + ObjectKeypointSimilarity.AreaEpsilon) / 2))) / 2;
        Assert.Equal(expected, oks, 15);
    }

    [Fact]
    public void Ground_truth_without_labelled_keypoints_measures_distance_to_the_enlarged_box()
    {
        var gt = new double[51];
        var dt = new double[51];
        double[] box = [100, 100, 50, 80]; // enlarged: x in [50, 200], y in [20, 260]
        for (var k = 0; k < 17; k++)
        {
            Set(dt, k, 120, 150, 0.9); // inside
        }

        Assert.Equal(1.0, ObjectKeypointSimilarity.GroundTruthToDetection(gt, box, 4000, dt), 15);

        Set(dt, CocoKeypoints.Nose, 210, 10, 0.9); // 10 right of x1 and 10 above y0
        var noseVariance = (.26 / 10.0 * 2) * (.26 / 10.0 * 2);
        var expected = (16 + Math.Exp(-(200 / noseVariance / (4000 + ObjectKeypointSimilarity.AreaEpsilon) / 2))) / 17;
        Assert.Equal(expected, ObjectKeypointSimilarity.GroundTruthToDetection(gt, box, 4000, dt), 15);
    }

    [Fact]
    public void CocoEval_sigmas_are_built_like_cocoeval()
    {
        Assert.Equal(17, ObjectKeypointSimilarity.CocoEvalSigmas.Length);
        Assert.Equal(.26 / 10.0, ObjectKeypointSimilarity.CocoEvalSigmas[0]);
        Assert.Equal(1.07 / 10.0, ObjectKeypointSimilarity.CocoEvalSigmas[11]);
        for (var k = 0; k < 17; k++)
        {
            Assert.Equal(CocoKeypoints.Sigmas[k], (float)ObjectKeypointSimilarity.CocoEvalSigmas[k]);
        }
    }

    private static void Set(double[] keypoints, int k, double x, double y, double v)
    {
        keypoints[3 * k] = x;
        keypoints[(3 * k) + 1] = y;
        keypoints[(3 * k) + 2] = v;
    }
}
