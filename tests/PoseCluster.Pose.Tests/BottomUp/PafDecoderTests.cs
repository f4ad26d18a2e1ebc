using PoseCluster.Pose.BottomUp;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>PAF scoring, greedy assignment and assembly on small synthetic maps with known answers.</summary>
public sealed class PafDecoderTests
{
    private const int W = 60, H = 40;

    // A toy model: 4 keypoint types, limbs 0->1 (seed), 1->2, and 0->3 (fill only); COCO slots 0..3 <- types 0..3.
    private static readonly PafDecoderOptions Options = new()
    {
        Stride = 1,
        Upsample = 1,
        HeatmapInterpolation = MapInterpolation.Linear,
        PafInterpolation = MapInterpolation.Linear,
        Keypoints = 4,
        Limbs = [new PafLimb(0, 1, 4, 5), new PafLimb(1, 2, 6, 7), new PafLimb(0, 3, 8, 9)],
        CocoFromKeypoints = [0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        MinPeakDistance = 3,
        FillLimbs = 1,
    };

    private sealed class Maps
    {
        public float[] Data { get; } = new float[10 * W * H];

        public Maps Peak(int type, int x, int y, float value = 0.9f)
        {
            Data[(type * W * H) + (y * W) + x] = value;
            return this;
        }

        /// <summary>A field of <paramref name="magnitude"/> along A->B (pixels within 1 px of the segment).</summary>
        public Maps Limb(int limb, int ax, int ay, int bx, int by, float magnitude = 1f)
        {
            var l = Options.Limbs[limb];
            var length = MathF.Sqrt(((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay)));
            float ux = (bx - ax) / length, uy = (by - ay) / length;
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var t = Math.Clamp((((x - ax) * ux) + ((y - ay) * uy)) / length, 0f, 1f);
                    var px = ax + (t * (bx - ax)) - x;
                    var py = ay + (t * (by - ay)) - y;
                    if ((px * px) + (py * py) <= 1.01f)
                    {
                        Data[(l.ChannelX * W * H) + (y * W) + x] = magnitude * ux;
                        Data[(l.ChannelY * W * H) + (y * W) + x] = magnitude * uy;
                    }
                }
            }

            return this;
        }

        public Maps Hole(int limb, int x, int y)
        {
            var l = Options.Limbs[limb];
            Data[(l.ChannelX * W * H) + (y * W) + x] = 0;
            Data[(l.ChannelY * W * H) + (y * W) + x] = 0;
            return this;
        }
    }

    private static PoseFrame Decode(Maps maps, PafDecoderOptions? options = null)
    {
        var frame = new PoseFrame();
        new PafDecoder(options ?? Options).Decode(maps.Data, W, H, new AxisMap(1, 0), new AxisMap(1, 0), frame);
        return frame;
    }

    private static Maps Person(Maps maps, int dx, float paf = 1f) => maps
        .Peak(0, 5 + dx, 5).Peak(1, 5 + dx, 15).Peak(2, 5 + dx, 25).Peak(3, 12 + dx, 5)
        .Limb(0, 5 + dx, 5, 5 + dx, 15, paf).Limb(1, 5 + dx, 15, 5 + dx, 25, paf).Limb(2, 5 + dx, 5, 12 + dx, 5, paf);

    [Fact]
    public void Two_separated_people_are_assembled_with_the_lightweight_openpose_score()
    {
        var frame = Decode(Person(Person(new Maps(), 0), 25));
        Assert.Equal(2, frame.Count);
        foreach (var (person, dx) in frame.Persons.ToArray().Zip([0, 25]))
        {
            Assert.Equal(new Keypoint(5 + dx, 5, 0.9f), person.Keypoints[0]);
            Assert.Equal(new Keypoint(5 + dx, 15, 0.9f), person.Keypoints[1]);
            Assert.Equal(new Keypoint(5 + dx, 25, 0.9f), person.Keypoints[2]);
            Assert.Equal(new Keypoint(12 + dx, 5, 0.9f), person.Keypoints[3]); // filled by the fill-only limb

            // Counted keypoints: 3 (the filled end is not counted); total = 3 x 0.9 + 2 limbs x 1.0; score = total x (3 - 1).
            Assert.Equal((float)(((3 * 0.9) + 2.0) * 2), person.Score, 4);
            Assert.Equal(new BoundingBox(5 + dx, 5, 12 + dx, 25), person.Box);
        }
    }

    [Fact]
    public void A_limb_with_two_failing_samples_is_rejected_and_one_is_tolerated()
    {
        // Limb 1 runs (5,15) -> (5,25): samples at y = 15 + k * 10/9 rounded.
        var oneHole = Person(new Maps(), 0).Hole(1, 5, 19);
        var tolerated = Decode(oneHole);
        Assert.Equal(1, tolerated.Count);
        Assert.Equal(new Keypoint(5, 25, 0.9f), tolerated.Persons[0].Keypoints[2]);

        var twoHoles = Person(new Maps(), 0).Hole(1, 5, 19).Hole(1, 5, 21);
        var frame = Decode(twoHoles);

        // Without limb 1 the pose has 2 counted keypoints and is dropped (minimum 3).
        Assert.Equal(0, frame.Count);
    }

    [Fact]
    public void The_distance_prior_rejects_a_long_weak_limb_but_not_a_short_one()
    {
        // Half the map height is 20: a 36 px limb costs 20/36 - 1 = -0.44; with field 0.4 the ratio is negative.
        var longWeak = new Maps().Peak(0, 5, 2).Peak(1, 5, 38).Peak(2, 30, 38)
            .Limb(0, 5, 2, 5, 38, 0.4f).Limb(1, 5, 38, 30, 38, 1f);
        Assert.Equal(0, Decode(longWeak).Count);

        var shortWeak = new Maps().Peak(0, 5, 2).Peak(1, 5, 18).Peak(2, 30, 18)
            .Limb(0, 5, 2, 5, 18, 0.4f).Limb(1, 5, 18, 30, 18, 1f);
        var frame = Decode(shortWeak);
        Assert.Equal(1, frame.Count);
        Assert.Equal((float)(((3 * 0.9) + 0.4 + (1 + ((20.0 / 25) - 1))) * 2), frame.Persons[0].Score, 4);

        // With the prior off the long limb is accepted.
        Assert.Equal(1, Decode(longWeak, Options with { DistancePrior = false }).Count);
    }

    [Fact]
    public void Greedy_assignment_gives_a_shared_candidate_to_the_best_pair()
    {
        // Two A peaks both have a field toward one B; the stronger field wins, the other A keeps nothing.
        var maps = new Maps().Peak(0, 10, 5).Peak(0, 30, 5).Peak(1, 20, 15).Peak(2, 20, 25)
            .Limb(0, 10, 5, 20, 15, 0.6f).Limb(0, 30, 5, 20, 15, 0.9f).Limb(1, 20, 15, 20, 25);
        var frame = Decode(maps);
        Assert.Equal(1, frame.Count);
        Assert.Equal(new Keypoint(30, 5, 0.9f), frame.Persons[0].Keypoints[0]);
        Assert.Equal(new Keypoint(20, 25, 0.9f), frame.Persons[0].Keypoints[2]);
    }

    [Fact]
    public void A_limb_whose_start_has_no_pose_starts_a_new_one()
    {
        // No type-0 peak: limb 1 (1 -> 2) and nothing else; 2 keypoints are too few, a third is needed.
        var maps = new Maps().Peak(1, 5, 15).Peak(2, 5, 25).Limb(1, 5, 15, 5, 25);
        Assert.Equal(0, Decode(maps).Count);
        Assert.Equal(1, Decode(maps, Options with { MinKeypoints = 2 }).Count);
    }

    [Fact]
    public void The_catalog_maps_openpose18_to_coco17_by_name()
    {
        string[] openPose = ["nose", "neck", "right_shoulder", "right_elbow", "right_wrist", "left_shoulder", "left_elbow", "left_wrist", "right_hip", "right_knee", "right_ankle", "left_hip", "left_knee", "left_ankle", "right_eye", "left_eye", "right_ear", "left_ear"];
        var entry = ModelCatalog.Load().Get("openpose-mnv2-368x432");
        var options = PafDecoderOptions.FromCatalog(entry.Decode);
        Assert.Equal(CocoKeypoints.Count, options.CocoFromKeypoints.Count);
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            Assert.Equal(CocoKeypoints.Names[k], openPose[options.CocoFromKeypoints[k]]);
        }

        Assert.DoesNotContain(1, options.CocoFromKeypoints); // the neck is not reported
        Assert.Equal(19, options.Limbs.Count);
        Assert.Equal(new PafLimb(1, 2, 31, 32), options.Limbs[0]);
    }
}
