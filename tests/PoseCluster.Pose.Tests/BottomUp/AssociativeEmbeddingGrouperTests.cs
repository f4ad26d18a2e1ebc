using PoseCluster.Pose.BottomUp;

namespace PoseCluster.Pose.Tests.BottomUp;

/// <summary>Associative-embedding grouping on synthetic heatmaps and tags with known answers.</summary>
public sealed class AssociativeEmbeddingGrouperTests
{
    private const int W = 48, H = 40, J = CocoKeypoints.Count;

    /// <summary>Synthetic maps: a small peak per joint (value at the centre, half at the 4 neighbours) and the person's tag around it.</summary>
    private sealed class Maps
    {
        public float[] Heatmaps { get; } = new float[J * W * H];

        public float[] Tags { get; } = new float[J * W * H];

        public Maps Joint(int joint, int x, int y, float tag, float value = 0.9f, float tagAtCentre = float.NaN)
        {
            var plane = joint * W * H;
            for (var dy = -2; dy <= 2; dy++)
            {
                for (var dx = -2; dx <= 2; dx++)
                {
                    int xx = x + dx, yy = y + dy;
                    if (xx < 0 || yy < 0 || xx >= W || yy >= H)
                    {
                        continue;
                    }

                    Tags[plane + (yy * W) + xx] = tag;
                    var d = Math.Abs(dx) + Math.Abs(dy);
                    var v = d == 0 ? value : d == 1 ? value * 0.5f : 0f;
                    Heatmaps[plane + (yy * W) + xx] = Math.Max(Heatmaps[plane + (yy * W) + xx], v);
                }
            }

            if (!float.IsNaN(tagAtCentre))
            {
                Tags[plane + (y * W) + x] = tagAtCentre;
            }

            return this;
        }

        /// <summary>A whole person: joint j at (x0 + 2 (j mod 4), y0 + 2 (j / 4)) except the skipped ones.</summary>
        public Maps Person(int x0, int y0, float tag, params int[] skip)
        {
            for (var j = 0; j < J; j++)
            {
                if (!skip.Contains(j))
                {
                    Joint(j, x0 + (4 * (j % 4)), y0 + (3 * (j / 4)), tag);
                }
            }

            return this;
        }
    }

    private static AssociativeEmbeddingGrouper Group(Maps maps, AssociativeEmbeddingOptions? options = null)
    {
        var grouper = new AssociativeEmbeddingGrouper(options ?? new AssociativeEmbeddingOptions());
        grouper.Group(maps.Heatmaps, maps.Tags, W, H);
        return grouper;
    }

    private static (float X, float Y) Adjusted(int x, int y) => (x + 0.25f, y + 0.25f); // symmetric peak: -0.25, then +0.5

    private static int FindPerson(AssociativeEmbeddingGrouper g, int joint, int x, int y)
    {
        for (var p = 0; p < g.PersonCount; p++)
        {
            var k = g.Joint(p, joint);
            if (k.Score > 0 && (int)k.X == x && (int)k.Y == y)
            {
                return p;
            }
        }

        return -1;
    }

    [Fact]
    public void Groups_several_people_by_tag_even_when_they_overlap_in_space()
    {
        // Persons A and B interleave spatially (B shifted by 2 px), C is elsewhere; only the tags tell A from B.
        var maps = new Maps().Person(2, 2, tag: 2f).Person(4, 3, tag: 5f).Person(28, 20, tag: 8f);
        var g = Group(maps);
        Assert.Equal(3, g.PersonCount);
        foreach (var (x0, y0) in new[] { (2, 2), (4, 3), (28, 20) })
        {
            var p = FindPerson(g, 0, x0, y0);
            Assert.True(p >= 0);
            for (var j = 0; j < J; j++)
            {
                var k = g.Joint(p, j);
                var (ex, ey) = Adjusted(x0 + (4 * (j % 4)), y0 + (3 * (j / 4)));
                Assert.Equal(ex, k.X);
                Assert.Equal(ey, k.Y);
                Assert.Equal(0.9f, k.Score);
            }

            Assert.Equal(0.9f, g.Score(p), 5);
        }
    }

    [Fact]
    public void Close_tags_are_still_separated_by_the_rounded_cost()
    {
        // Tags 1.0 and 1.6 differ by less than the threshold; the cost round(d) x 100 - value still prefers the right person.
        var maps = new Maps().Person(2, 2, tag: 1.0f).Person(26, 12, tag: 1.6f);
        var g = Group(maps);
        Assert.Equal(2, g.PersonCount);
        var a = FindPerson(g, 0, 2, 2);
        var b = FindPerson(g, 0, 26, 12);
        for (var j = 0; j < J; j++)
        {
            Assert.Equal(2 + (4 * (j % 4)), (int)g.Joint(a, j).X);
            Assert.Equal(26 + (4 * (j % 4)), (int)g.Joint(b, j).X);
        }
    }

    [Fact]
    public void Missing_joints_stay_missing_and_lower_the_score_and_a_missing_first_joint_seeds_later()
    {
        // Person B has no nose (the first joint visited), no eyes and no left wrist. Refinement is off: as in the
        // reference it would fill them from person A's peaks (any positive value wins, however far the tag).
        var maps = new Maps().Person(2, 2, tag: 2f).Person(26, 12, tag: 6f, 0, 1, 2, 9);
        var g = Group(maps, new AssociativeEmbeddingOptions { Refine = false });
        Assert.Equal(2, g.PersonCount);
        var b = FindPerson(g, 3, 26 + 12, 12);
        Assert.True(b >= 0);
        foreach (var j in new[] { 0, 1, 2, 9 })
        {
            Assert.Equal(0f, g.Joint(b, j).Score);
        }

        Assert.Equal(0.9f * 13 / 17, g.Score(b), 5);
    }

    [Fact]
    public void A_joint_whose_tag_is_too_far_starts_a_new_person()
    {
        // Person A's right hip carries tag 3.2 at its peak, 1.2 away from A's 2.0: above the 1.0 threshold.
        var maps = new Maps().Person(2, 2, tag: 2f, 12).Joint(12, 2, 11, tag: 3.2f);
        var g = Group(maps, new AssociativeEmbeddingOptions { Refine = false });
        Assert.Equal(2, g.PersonCount);
        var loner = FindPerson(g, 12, 2, 11);
        Assert.Equal(0.9f / 17, g.Score(loner), 5);
    }

    [Fact]
    public void Refinement_fills_a_missing_joint_from_a_weak_peak_with_the_persons_tag()
    {
        // The left ankle peaks at 0.15, below the 0.2 detection threshold: grouping misses it, refinement finds it.
        var maps = new Maps().Person(2, 2, tag: 2f, 15).Joint(15, 40, 30, tag: 2f, value: 0.15f);
        var refined = Group(maps);
        Assert.Equal(1, refined.PersonCount);
        var ankle = refined.Joint(0, 15);
        Assert.Equal(0.15f, ankle.Score);
        Assert.Equal(40.25f, ankle.X);
        Assert.Equal(30.25f, ankle.Y);
        Assert.Equal(0.9f * 16 / 17, refined.Score(0), 5); // the score is taken before refinement

        var plain = Group(maps, new AssociativeEmbeddingOptions { Refine = false });
        Assert.Equal(0f, plain.Joint(0, 15).Score);
    }

    [Fact]
    public void Candidates_are_limited_to_top_k_local_maxima_above_the_threshold()
    {
        var maps = new Maps();
        for (var i = 0; i < 6; i++)
        {
            maps.Joint(0, 3 + (7 * i), 5, tag: 3f * i, value: 0.3f + (0.1f * i));
        }

        maps.Joint(0, 3, 30, tag: 30f, value: 0.2f); // at the threshold: dropped (strictly greater needed)
        var g = Group(maps, new AssociativeEmbeddingOptions { TopK = 4, Refine = false });
        Assert.Equal(4, g.PersonCount);
        Assert.Equal(0.8f / 17, g.Score(0), 5); // strongest first
    }
}
