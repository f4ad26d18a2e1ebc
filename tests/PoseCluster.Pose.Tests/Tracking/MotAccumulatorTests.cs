using PoseCluster.Pose.Evaluation.Mot;

namespace PoseCluster.Pose.Tests.Tracking;

/// <summary>MOT metrics on tiny sequences computed by hand.</summary>
public sealed class MotAccumulatorTests
{
    [Fact]
    public void A_perfect_tracker_scores_one()
    {
        var acc = new MotAccumulator();
        for (var f = 0; f < 5; f++)
        {
            acc.AddFrame(Frame((1, 0), (2, 100)), Frame((7, 0), (9, 100)));
        }

        var m = acc.Compute();
        Assert.Equal(1.0, m.Mota);
        Assert.Equal(1.0, m.Idf1);
        Assert.Equal(0, m.IdSwitches);
        Assert.Equal(10, m.IdTruePositives);
    }

    [Fact]
    public void Swap_miss_and_false_positive_give_the_hand_computed_mota_and_idf1()
    {
        // Ground truth: A at x=0 and B at x=100 in 4 frames (GT = 8).
        // Tracker: frames 0-1 ids 1 (A) and 2 (B); frame 2 the ids swap (1 on B, 2 on A); frame 3: B missed, 2 still on
        // A, plus a false positive id 3 far away.
        var acc = new MotAccumulator();
        acc.AddFrame(Frame((1, 0), (2, 100)), Frame((1, 0), (2, 100)));
        acc.AddFrame(Frame((1, 0), (2, 100)), Frame((1, 0), (2, 100)));
        acc.AddFrame(Frame((1, 0), (2, 100)), Frame((2, 0), (1, 100)));
        acc.AddFrame(Frame((1, 0), (2, 100)), Frame((2, 0), (3, 500)));
        var m = acc.Compute();

        // CLEAR MOT: matches 7, FN 1 (B in frame 3), FP 1 (id 3), IDSW 2 (both swap in frame 2; A stays on 2 after).
        Assert.Equal(7, m.Matches);
        Assert.Equal(1, m.Misses);
        Assert.Equal(1, m.FalsePositives);
        Assert.Equal(2, m.IdSwitches);
        Assert.Equal(1.0 - (4.0 / 8.0), m.Mota, 12);

        // IDF1: pairs A-1: 2 frames, A-2: 2, B-2: 2, B-1: 1. Best one-to-one: A-1 + B-2 = 4 or A-2 + B-1 = 3 -> IDTP 4.
        // IDFN = 8 - 4 = 4, IDFP = 8 outputs - 4 = 4; IDF1 = 8 / (8 + 4 + 4) = 0.5.
        Assert.Equal(4, m.IdTruePositives);
        Assert.Equal(4, m.IdFalsePositives);
        Assert.Equal(4, m.IdFalseNegatives);
        Assert.Equal(0.5, m.Idf1, 12);
    }

    [Fact]
    public void Continuity_keeps_a_match_and_a_return_after_a_gap_to_another_id_is_a_switch()
    {
        // A alone; tracker: id 1, then nothing (miss), then id 2 (a new id for the same person): 1 switch.
        var acc = new MotAccumulator();
        acc.AddFrame(Frame((1, 0)), Frame((1, 0)));
        acc.AddFrame(Frame((1, 0)), Frame());
        acc.AddFrame(Frame((1, 0)), Frame((2, 0)));
        acc.AddFrame(Frame((1, 0)), Frame((2, 0)));
        var m = acc.Compute();
        Assert.Equal(1, m.IdSwitches);
        Assert.Equal(1, m.Misses);
        Assert.Equal(1.0 - (2.0 / 4.0), m.Mota, 12);

        // IDTP: A-2 covers 2 frames (best); IDFN = 4 - 2, IDFP = 3 - 2; IDF1 = 4 / (4 + 1 + 2).
        Assert.Equal(4.0 / 7.0, m.Idf1, 12);
    }

    [Fact]
    public void Pairs_below_the_iou_threshold_do_not_match()
    {
        var acc = new MotAccumulator(new MotEvaluatorOptions { Threshold = 0.5 });

        // A 40 x 100 box shifted by 20 px: IoU = 20 * 100 / (2 * 4000 - 2000) = 1/3 < 0.5.
        acc.AddFrame(Frame((1, 0)), Frame((1, 20)));
        var m = acc.Compute();
        Assert.Equal(0, m.Matches);
        Assert.Equal(1, m.Misses);
        Assert.Equal(1, m.FalsePositives);
        Assert.Equal(-1.0, m.Mota, 12);
        Assert.Equal(0.0, m.Idf1, 12);
    }

    [Fact]
    public void Oks_matching_uses_the_truth_keypoints()
    {
        var acc = new MotAccumulator(new MotEvaluatorOptions { Similarity = MotSimilarity.Oks, Threshold = 0.5 });
        var truth = Frame((1, 0));
        var output = Frame((5, 0));
        acc.AddFrame(truth, output);
        Assert.Equal(1.0, acc.Compute().Motp, 6);
    }

    [Fact]
    public void Sums_over_sequences_add_counts()
    {
        var a = new MotMetrics(1, 10, 10, 9, 1, 1, 0, 8.0, 9, 1, 1);
        var b = new MotMetrics(1, 10, 10, 8, 2, 2, 1, 7.0, 7, 3, 3);
        var sum = a + b;
        Assert.Equal(20, sum.GroundTruth);
        Assert.Equal(1.0 - (7.0 / 20.0), sum.Mota, 12);
        Assert.Equal(32.0 / (32 + 4 + 4), sum.Idf1, 12);
    }

    private static PoseFrame Frame(params (int Id, float X)[] people)
    {
        var frame = new PoseFrame();
        foreach (var (id, x) in people)
        {
            ref var p = ref frame.Add();
            p.TrackId = id;
            p.Score = 1;
            p.Box = new BoundingBox(x, 0, x + 40, 100);
            for (var k = 0; k < CocoKeypoints.Count; k++)
            {
                p.Keypoints[k] = new Keypoint(x + 20, 6 * k, 2);
            }
        }

        return frame;
    }
}
