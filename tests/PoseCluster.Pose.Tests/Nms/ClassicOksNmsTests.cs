using PoseCluster.Pose.Nms;

namespace PoseCluster.Pose.Tests.Nms;

public sealed class ClassicOksNmsTests
{
    private static readonly OksNmsOptions Classic = new() { Mode = OksNmsMode.Classic };

    [Fact]
    public void Hand_case_keeps_the_best_of_a_duplicate_pair_and_the_far_pose()
    {
        var frame = TestPoses.Frame(
            TestPoses.Person(400, 200, 0.7f),  // 0: far away
            TestPoses.Person(200, 200, 0.8f),  // 1: duplicate of 2, lower score
            TestPoses.Person(200, 200, 0.9f)); // 2: best

        IPoseNms.Create(Classic).Apply(frame);

        Assert.Equal([2, 0], frame.Persons.ToArray().Select(p => p.TrackId));
        Assert.Equal([0.9f, 0.7f], frame.Persons.ToArray().Select(p => p.Score)); // scores untouched
    }

    [Fact]
    public void Threshold_is_inclusive()
    {
        var a = TestPoses.Person(200, 200, 0.9f);
        var b = TestPoses.Person(203, 200, 0.8f);
        var oks = ObjectKeypointSimilarity.BetweenPoses(a.Keypoints, b.Keypoints, TestPoses.PairArea(a, b, Classic), 0.2f);

        var atThreshold = TestPoses.Frame(a, b);
        IPoseNms.Create(new OksNmsOptions { Mode = OksNmsMode.Classic, Threshold = oks }).Apply(atThreshold);
        Assert.Equal(1, atThreshold.Count);

        var above = TestPoses.Frame(a, b);
        IPoseNms.Create(new OksNmsOptions { Mode = OksNmsMode.Classic, Threshold = MathF.BitIncrement(oks) }).Apply(above);
        Assert.Equal(2, above.Count);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 12)]
    [InlineData(3, 30)]
    [InlineData(4, 60)]
    public void Matches_a_straightforward_reference_implementation(int seed, int people)
    {
        foreach (var threshold in new[] { 0.5f, 0.7f, 0.9f })
        {
            var options = new OksNmsOptions { Mode = OksNmsMode.Classic, Threshold = threshold };
            var frame = TestPoses.RandomFrame(seed, people);
            var expected = Reference(frame.Persons.ToArray(), options);
            Assert.True(people < 10 || expected.Count < frame.Count, "the case must suppress something");

            IPoseNms.Create(options).Apply(frame);

            Assert.Equal(expected.Select(p => p.TrackId), frame.Persons.ToArray().Select(p => p.TrackId));
            Assert.Equal(expected.Select(p => p.Score), frame.Persons.ToArray().Select(p => p.Score));
        }
    }

    [Fact]
    public void MaxPoses_keeps_the_best()
    {
        var frame = TestPoses.Frame(
            TestPoses.Person(100, 200, 0.5f), TestPoses.Person(300, 200, 0.9f), TestPoses.Person(500, 200, 0.7f));

        IPoseNms.Create(new OksNmsOptions { Mode = OksNmsMode.Classic, MaxPoses = 2 }).Apply(frame);

        Assert.Equal([1, 2], frame.Persons.ToArray().Select(p => p.TrackId));
    }

    [Fact]
    public void Single_pose_and_empty_frame_are_unchanged()
    {
        var nms = IPoseNms.Create(Classic);
        var empty = new PoseFrame();
        nms.Apply(empty);
        Assert.Equal(0, empty.Count);

        var single = TestPoses.Frame(TestPoses.Person(200, 200, 0.42f));
        var before = single.Persons[0];
        nms.Apply(single);
        Assert.Equal(1, single.Count);
        Assert.Equal(before.Score, single.Persons[0].Score);
        Assert.Equal(before.Box, single.Persons[0].Box);
    }

    // Textbook greedy OKS-NMS on a list: take the best remaining, drop all with OKS >= threshold against it, repeat.
    private static List<PersonPose> Reference(PersonPose[] poses, OksNmsOptions options)
    {
        var remaining = poses.OrderByDescending(p => p.Score).ToList();
        var kept = new List<PersonPose>();
        while (remaining.Count > 0 && kept.Count < options.MaxPoses)
        {
            var best = remaining[0];
            kept.Add(best);
            remaining = remaining.Skip(1)
                .Where(p => ObjectKeypointSimilarity.BetweenPoses(
                    best.Keypoints, p.Keypoints, TestPoses.PairArea(best, p, options), options.VisibilityThreshold) < options.Threshold)
                .ToList();
        }

        return kept;
    }
}
