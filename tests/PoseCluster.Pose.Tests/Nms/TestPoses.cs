using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tests.Nms;

/// <summary>Builds poses and frames for the NMS tests.</summary>
internal static class TestPoses
{
    /// <summary>An upright person of height <paramref name="height"/> centred at (cx, cy), all keypoints scored <paramref name="keypointScore"/>.</summary>
    public static PersonPose Person(float cx, float cy, float score, float height = 200f, float keypointScore = 0.9f)
    {
        // Rough COCO-17 layout in units of the person height, centred on the hips.
        ReadOnlySpan<float> layout =
        [
            0f, -0.45f, -0.03f, -0.47f, 0.03f, -0.47f, -0.06f, -0.45f, 0.06f, -0.45f, -0.12f, -0.3f, 0.12f, -0.3f,
            -0.15f, -0.12f, 0.15f, -0.12f, -0.16f, 0.02f, 0.16f, 0.02f, -0.08f, 0.03f, 0.08f, 0.03f, -0.08f, 0.25f,
            0.08f, 0.25f, -0.08f, 0.47f, 0.08f, 0.47f,
        ];
        var pose = new PersonPose { Score = score };
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            pose.Keypoints[k] = new Keypoint(cx + (layout[2 * k] * height), cy + (layout[(2 * k) + 1] * height), keypointScore);
        }

        pose.Box = BoundingBox.Around(pose.Keypoints);
        return pose;
    }

    /// <summary>
    /// A crowded random frame: <paramref name="people"/> distinct people, each reported 1-4 times with jitter, random
    /// person scores and some low-scored keypoints.
    /// </summary>
    public static PoseFrame RandomFrame(int seed, int people)
    {
        var random = new Random(seed);
        var frame = new PoseFrame();
        for (var p = 0; p < people; p++)
        {
            var cx = 60f + (random.NextSingle() * 520f);
            var cy = 60f + (random.NextSingle() * 360f);
            var height = 60f + (random.NextSingle() * 240f);
            var copies = 1 + random.Next(4);
            for (var c = 0; c < copies; c++)
            {
                var jitter = c == 0 ? 0f : 0.01f + (random.NextSingle() * 0.08f);
                ref var pose = ref frame.Add();
                pose = Person(cx, cy, 0.05f + (random.NextSingle() * 0.95f), height);
                for (var k = 0; k < CocoKeypoints.Count; k++)
                {
                    var kp = pose.Keypoints[k];
                    pose.Keypoints[k] = new Keypoint(
                        kp.X + ((random.NextSingle() - 0.5f) * jitter * height),
                        kp.Y + ((random.NextSingle() - 0.5f) * jitter * height),
                        random.NextSingle() < 0.2f ? random.NextSingle() * 0.2f : 0.3f + (random.NextSingle() * 0.7f));
                }

                pose.Box = BoundingBox.Around(pose.Keypoints);
                pose.TrackId = frame.Count; // identifies the input pose in assertions
            }
        }

        return frame;
    }

    /// <summary>The pose-NMS area of a pair as the implementations use it: the mean of the two pose areas.</summary>
    public static float PairArea(in PersonPose a, in PersonPose b, OksNmsOptions options) =>
        (ObjectKeypointSimilarity.PoseArea(a, options.AreaSource, options.VisibilityThreshold)
         + ObjectKeypointSimilarity.PoseArea(b, options.AreaSource, options.VisibilityThreshold)) * 0.5f;

    public static PoseFrame Frame(params PersonPose[] persons)
    {
        var frame = new PoseFrame();
        for (var i = 0; i < persons.Length; i++)
        {
            ref var p = ref frame.Add();
            p = persons[i];
            p.TrackId = i;
        }

        return frame;
    }
}
