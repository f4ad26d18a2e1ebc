using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tests.Nms;

public sealed class ParallelOksNmsTests
{
    [Theory]
    [InlineData(OksNmsDecay.Gaussian, 2.0f)]
    [InlineData(OksNmsDecay.Gaussian, 0.5f)]
    [InlineData(OksNmsDecay.Linear, 2.0f)]
    public void Matches_a_naive_cubic_reference_of_the_formula(OksNmsDecay decay, float sigma)
    {
        foreach (var (seed, people) in new[] { (11, 3), (12, 10), (13, 25), (14, 60) })
        {
            var options = new OksNmsOptions { Decay = decay, Sigma = sigma, ScoreThreshold = 0.05f };
            var frame = TestPoses.RandomFrame(seed, people);
            var input = frame.Persons.ToArray();
            var expected = Reference(input, options);
            if (people >= 10)
            {
                // The case must exercise the formula: some poses decayed noticeably.
                Assert.Contains(expected, e => e.Score < input.Single(p => p.TrackId == e.Id).Score * 0.9);
            }

            IPoseNms.Create(options).Apply(frame);

            var actual = frame.Persons.ToArray();
            Assert.Equal(expected.Select(p => p.Id), actual.Select(p => p.TrackId));
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 1e-6);
            }
        }
    }

    [Fact]
    public void Hand_case_linear_and_gaussian_decay_of_one_overlapping_pair()
    {
        var a = TestPoses.Person(200, 200, 0.9f);
        var b = TestPoses.Person(206, 200, 0.8f);
        var far = TestPoses.Person(500, 200, 0.6f);
        var baseOptions = new OksNmsOptions();
        var oks = (double)ObjectKeypointSimilarity.BetweenPoses(a.Keypoints, b.Keypoints, TestPoses.PairArea(a, b, baseOptions), 0.2f);
        Assert.InRange(oks, 0.3, 0.95);

        var linear = TestPoses.Frame(a, b, far);
        IPoseNms.Create(new OksNmsOptions { Decay = OksNmsDecay.Linear, ScoreThreshold = 0 }).Apply(linear);
        var gaussian = TestPoses.Frame(a, b, far);
        IPoseNms.Create(new OksNmsOptions { Decay = OksNmsDecay.Gaussian, Sigma = 2, ScoreThreshold = 0 }).Apply(gaussian);

        // b has one predecessor (a, compensate 0): decay = f(oks); the far pose only sees zero overlaps.
        Assert.Equal(0.9f, linear.Persons[0].Score);
        Assert.Equal(0.9f, gaussian.Persons[0].Score);
        Assert.Equal(0.8 * (1 - oks), Score(linear, 1), 1e-6);
        Assert.Equal(0.8 * Math.Exp(-2 * oks * oks), Score(gaussian, 1), 1e-6);
        Assert.Equal(0.6f, Score(linear, 2));
        Assert.Equal(0.6f, Score(gaussian, 2));
        Assert.True(Score(gaussian, 1) > Score(linear, 1)); // at this overlap Gaussian (sigma 2) decays less
    }

    [Fact]
    public void Compensation_lifts_a_pose_whose_suppressor_is_itself_suppressed()
    {
        // a > b > c in a row: b overlaps a and c; c overlaps b but hardly a. Without compensation c would be decayed by b
        // as much as b is decayed by a; with it, b's suppression of c is divided by f(compensate_b).
        var a = TestPoses.Person(200, 200, 0.9f);
        var b = TestPoses.Person(207, 200, 0.8f);
        var c = TestPoses.Person(214, 200, 0.7f);
        var options = new OksNmsOptions { Decay = OksNmsDecay.Linear, ScoreThreshold = 0 };
        double Oks(PersonPose r, PersonPose o) =>
            ObjectKeypointSimilarity.BetweenPoses(r.Keypoints, o.Keypoints, TestPoses.PairArea(r, o, options), 0.2f);
        var expected = 0.7 * Math.Min(1 - Oks(a, c), (1 - Oks(b, c)) / (1 - Oks(a, b)));

        var frame = TestPoses.Frame(a, b, c);
        IPoseNms.Create(options).Apply(frame);

        Assert.Equal(expected, frame.Persons.ToArray().Single(p => p.TrackId == 2).Score, 1e-6);
        Assert.True(expected > 0.7 * (1 - Oks(b, c)));
    }

    [Fact]
    public void Single_pose_is_unchanged()
    {
        var frame = TestPoses.Frame(TestPoses.Person(200, 200, 0.42f));
        var before = frame.Persons[0];

        IPoseNms.Create(new OksNmsOptions()).Apply(frame);

        Assert.Equal(1, frame.Count);
        Assert.Equal(before.Score, frame.Persons[0].Score);
        Assert.Equal(before.Box, frame.Persons[0].Box);
    }

    [Fact]
    public void Identical_duplicates_are_removed_by_linear_decay_without_dividing_by_zero()
    {
        // Three exact copies: compensate of the second is 1, so f(compensate) = 1 - 1 = 0 for linear decay.
        var frame = TestPoses.Frame(
            TestPoses.Person(200, 200, 0.7f), TestPoses.Person(200, 200, 0.9f), TestPoses.Person(200, 200, 0.8f),
            TestPoses.Person(450, 220, 0.3f));

        IPoseNms.Create(new OksNmsOptions { Decay = OksNmsDecay.Linear }).Apply(frame);

        Assert.Equal([1, 3], frame.Persons.ToArray().Select(p => p.TrackId));
        Assert.Equal([0.9f, 0.3f], frame.Persons.ToArray().Select(p => p.Score));
    }

    [Fact]
    public void Identical_duplicates_are_decayed_by_gaussian_to_exp_minus_sigma()
    {
        var frame = TestPoses.Frame(
            TestPoses.Person(200, 200, 0.9f), TestPoses.Person(200, 200, 0.8f), TestPoses.Person(450, 220, 0.3f));

        IPoseNms.Create(new OksNmsOptions { Decay = OksNmsDecay.Gaussian, Sigma = 2, ScoreThreshold = 0 }).Apply(frame);

        Assert.Equal([0, 2, 1], frame.Persons.ToArray().Select(p => p.TrackId)); // the duplicate drops below the far pose
        Assert.Equal(0.8 * Math.Exp(-2), frame.Persons[2].Score, 1e-6);

        var thresholded = TestPoses.Frame(TestPoses.Person(200, 200, 0.9f), TestPoses.Person(200, 200, 0.3f));
        IPoseNms.Create(new OksNmsOptions { Decay = OksNmsDecay.Gaussian, Sigma = 2, ScoreThreshold = 0.05f }).Apply(thresholded);
        Assert.Equal(1, thresholded.Count); // 0.3 e^-2 = 0.041 < 0.05
    }

    [Fact]
    public void Far_apart_poses_are_untouched_and_ordered_best_first()
    {
        var frame = TestPoses.Frame(
            TestPoses.Person(100, 150, 0.3f, 120), TestPoses.Person(300, 150, 0.9f, 120), TestPoses.Person(500, 150, 0.6f, 120),
            TestPoses.Person(300, 400, 0.8f, 120));

        foreach (var decay in new[] { OksNmsDecay.Gaussian, OksNmsDecay.Linear })
        {
            var copy = frame.Clone();
            IPoseNms.Create(new OksNmsOptions { Decay = decay }).Apply(copy);
            Assert.Equal([1, 3, 2, 0], copy.Persons.ToArray().Select(p => p.TrackId));
            Assert.Equal([0.9f, 0.8f, 0.6f, 0.3f], copy.Persons.ToArray().Select(p => p.Score));
        }
    }

    [Fact]
    public void Score_threshold_and_max_poses_apply_to_decayed_scores()
    {
        var frame = TestPoses.Frame(
            TestPoses.Person(100, 150, 0.03f, 120), TestPoses.Person(300, 150, 0.9f, 120), TestPoses.Person(500, 150, 0.6f, 120),
            TestPoses.Person(300, 400, 0.8f, 120));

        IPoseNms.Create(new OksNmsOptions { ScoreThreshold = 0.05f, MaxPoses = 2 }).Apply(frame);

        Assert.Equal([1, 3], frame.Persons.ToArray().Select(p => p.TrackId));
    }

    [Fact]
    public void Matrix_rows_equal_pairwise_oks()
    {
        var options = new OksNmsOptions();
        var poses = TestPoses.RandomFrame(21, 15).Persons.ToArray();
        var matrix = new OksMatrix();

        matrix.Compute(poses, options.AreaSource, options.VisibilityThreshold);

        for (var i = 0; i < poses.Length; i++)
        {
            for (var j = 0; j < poses.Length; j++)
            {
                var expected = j > i
                    ? ObjectKeypointSimilarity.BetweenPoses(
                        poses[i].Keypoints, poses[j].Keypoints, TestPoses.PairArea(poses[i], poses[j], options), options.VisibilityThreshold)
                    : 0f;
                Assert.Equal(expected, matrix.Values[(i * poses.Length) + j], 1e-6f);
            }
        }
    }

    private static float Score(PoseFrame frame, int trackId) => frame.Persons.ToArray().Single(p => p.TrackId == trackId).Score;

    private readonly record struct Expected(int Id, double Score);

    // The formula spelled out with plain loops in double: O[i,j] for i < j, compensate_i = max_{k<i} O[k,i],
    // decay_j = min_{i<j} f(O[i,j]) / f(compensate_i), skipping a zero denominator (the +infinity limit).
    private static List<Expected> Reference(PersonPose[] input, OksNmsOptions options)
    {
        var poses = input.OrderByDescending(p => p.Score).ToArray();
        var n = poses.Length;
        double F(double x) => options.Decay == OksNmsDecay.Linear ? 1 - x : Math.Exp(-options.Sigma * x * x);
        var o = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                o[i, j] = ObjectKeypointSimilarity.BetweenPoses(
                    poses[i].Keypoints, poses[j].Keypoints, TestPoses.PairArea(poses[i], poses[j], options), options.VisibilityThreshold);
            }
        }

        var result = new List<Expected>();
        for (var j = 0; j < n; j++)
        {
            var decay = 1.0;
            for (var i = 0; i < j; i++)
            {
                var compensate = 0.0;
                for (var k = 0; k < i; k++)
                {
                    compensate = Math.Max(compensate, o[k, i]);
                }

                var denominator = F(compensate);
                if (denominator > 0)
                {
                    decay = Math.Min(decay, F(o[i, j]) / denominator);
                }
            }

            var score = poses[j].Score * decay;
            if (score >= options.ScoreThreshold)
            {
                result.Add(new Expected(poses[j].TrackId, score));
            }
        }

        return result.OrderByDescending(e => e.Score).Take(options.MaxPoses).ToList();
    }
}
