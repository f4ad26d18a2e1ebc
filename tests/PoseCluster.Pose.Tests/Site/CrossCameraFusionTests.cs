using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>Two overlapping cameras see the same walkers: one global id per walker, across the hand-over.</summary>
public sealed class CrossCameraFusionTests
{
    [Fact]
    public void Walkers_keep_one_global_id_each_including_across_a_hand_over()
    {
        SyntheticPerson[] persons =
        [
            new() { Id = 1, Waypoints = [new(-7, 6), new(7, 6)], Speed = 1.2 }, // left camera -> both -> right camera
            new() { Id = 2, Waypoints = [new(6, 9), new(-6, 8)], Speed = 1.0, StartSeconds = 1 }, // right -> left
            new() { Id = 3, Waypoints = [new(-5, 4), new(-5, 10)], Speed = 0.8 }, // left only
            new() { Id = 4, Waypoints = [new(1, 12), new(1, 3)], Speed = 0.9, StartSeconds = 2 }, // in the overlap
        ];
        var site = new SiteAggregator("site-a", []);
        var counts = new Dictionary<(int Truth, int Global), int>();
        var perCamera = new Dictionary<(int Truth, int Camera, int Global), int>();
        SiteScenes.Run(site, persons, [SiteScenes.Left, SiteScenes.Right], 12, options: null, (camera, sources, globals) =>
        {
            for (var i = 0; i < sources.Length; i++)
            {
                if (sources[i] > 0 && globals[i] > 0)
                {
                    counts[(sources[i], globals[i])] = counts.GetValueOrDefault((sources[i], globals[i])) + 1;
                    perCamera[(sources[i], camera, globals[i])] = perCamera.GetValueOrDefault((sources[i], camera, globals[i])) + 1;
                }
            }
        });

        var dominant = new Dictionary<int, int>();
        foreach (var truth in persons.Select(p => p.Id))
        {
            var mine = counts.Where(c => c.Key.Truth == truth).ToList();
            var total = mine.Sum(c => c.Value);
            var best = mine.MaxBy(c => c.Value);
            Assert.True(best.Value >= 0.95 * total, $"walker {truth}: {string.Join(", ", mine.Select(c => $"g{c.Key.Global}={c.Value}"))}");
            dominant[truth] = best.Key.Global;
        }

        Assert.Equal(persons.Length, dominant.Values.Distinct().Count());

        // The hand-over walkers are seen by both cameras under their one global id.
        foreach (var truth in new[] { 1, 2 })
        {
            Assert.True(perCamera.GetValueOrDefault((truth, 0, dominant[truth])) > 50, $"walker {truth} in the left camera");
            Assert.True(perCamera.GetValueOrDefault((truth, 1, dominant[truth])) > 50, $"walker {truth} in the right camera");
        }
    }

    [Fact]
    public void A_gap_between_views_is_bridged_within_the_time_window()
    {
        // Two cameras side by side with no overlap at the walker's depth: image x > 1000 is cut off in the left camera and
        // x < 280 in the right one by placing the walker between two disjoint floor strips.
        var fusion = new CrossCameraFusion();
        var a = fusion.AddCamera(Homography.Identity);
        var b = fusion.AddCamera(Homography.Identity);
        var frame = new PoseFrame();
        var ids = new int[1];
        var t0 = SiteScenes.Start;
        for (var f = 0; f < 50; f++)
        {
            // Camera a sees the walker (track 5) from x = 0 to x = 2.45 at 1 m/s; then nobody for 1 s; then camera b
            // (track 9) from x = 3.5 on.
            var t = f / 20.0;
            frame.Clear();
            if (t < 2.5)
            {
                Person(frame, 5, t);
                fusion.Update(a, frame, t0 + TimeSpan.FromSeconds(t), ids);
                Assert.Equal(1, ids[0]);
            }
            else if (t >= 3.5)
            {
                Person(frame, 9, t);
                fusion.Update(b, frame, t0 + TimeSpan.FromSeconds(t), ids);
                Assert.Equal(1, ids[0]);
            }
        }

        // Someone appearing far from any identity gets a new id.
        frame.Clear();
        Person(frame, 10, 30);
        fusion.Update(b, frame, t0 + TimeSpan.FromSeconds(2.5), ids);
        Assert.Equal(2, ids[0]);
    }

    [Fact]
    public void Steady_state_updates_allocate_nothing()
    {
        var fusion = new CrossCameraFusion();
        var a = fusion.AddCamera(Homography.Identity);
        var b = fusion.AddCamera(Homography.Identity);
        var frame = new PoseFrame();
        var ids = new int[8];
        void Step(int f)
        {
            frame.Clear();
            for (var p = 0; p < 5; p++)
            {
                Person(frame, p + 1, (p * 3) + (f * 0.04));
            }

            fusion.Update(f % 2 == 0 ? a : b, frame, SiteScenes.Start + TimeSpan.FromSeconds(f * 0.04), ids);
        }

        for (var f = 0; f < 200; f++)
        {
            Step(f);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var f = 200; f < 400; f++)
        {
            Step(f);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5, fusion.IdentityCount);
    }

    /// <summary>A tracked person whose ground point is (x, 0) under the identity homography.</summary>
    private static void Person(PoseFrame frame, int track, double x)
    {
        ref var p = ref frame.Add();
        p.TrackId = track;
        p.Score = 0.9f;
        p.Box = new BoundingBox((float)x - 0.2f, -1.7f, (float)x + 0.2f, 0f);
    }
}
