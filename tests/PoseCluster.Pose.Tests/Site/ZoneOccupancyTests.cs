using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>Zone counts with scripted positions: entries, exits, dwell, peak, the exit grace, image polygons.</summary>
public sealed class ZoneOccupancyTests
{
    private static readonly DateTimeOffset T0 = SiteScenes.Start;

    [Fact]
    public void Counts_entries_exits_dwell_and_peak()
    {
        var zones = new ZoneOccupancy([new Zone { Name = "a", Area = SiteEventTests.Square(0, 0, 1) }]);
        var transitions = new List<ZoneTransition>();

        // Person 1 inside from 0 to 4 s, person 2 from 2 to 3 s; sampled every 0.5 s until 8 s.
        for (var t = 0.0; t <= 8; t += 0.5)
        {
            zones.Update(1, t <= 4 ? new PlanePoint(0, 0) : new PlanePoint(5, 5), T0 + TimeSpan.FromSeconds(t), transitions);
            zones.Update(2, t is >= 2 and <= 3 ? new PlanePoint(0.5, 0.5) : new PlanePoint(-5, 0), T0 + TimeSpan.FromSeconds(t), transitions);
        }

        var s = zones.Statistics(0);
        Assert.Equal(2, s.Entries);
        Assert.Equal(2, s.Exits);
        Assert.Equal(0, s.Occupancy);
        Assert.Equal(2, s.PeakOccupancy);
        Assert.Equal(TimeSpan.FromSeconds(5), s.TotalDwell); // 4 s + 1 s
        Assert.Equal(TimeSpan.FromSeconds(4), s.LongestDwell);
        Assert.Equal(TimeSpan.FromSeconds(2.5), s.MeanDwell);

        // Exits are dated when the person was last inside.
        var exits = transitions.Where(t => t.Kind == ZoneTransitionKind.Exited).OrderBy(t => t.GlobalId).ToList();
        Assert.Equal(T0 + TimeSpan.FromSeconds(4), exits[0].Time);
        Assert.Equal(T0 + TimeSpan.FromSeconds(3), exits[1].Time);
    }

    [Fact]
    public void A_short_step_outside_is_not_an_exit_and_a_vanished_person_exits_after_the_grace()
    {
        var zones = new ZoneOccupancy([new Zone { Name = "a", Area = SiteEventTests.Square(0, 0, 1) }], new ZoneOccupancyOptions { ExitGrace = TimeSpan.FromSeconds(1) });
        var transitions = new List<ZoneTransition>();
        zones.Update(1, new PlanePoint(0.9, 0), T0, transitions);
        zones.Update(1, new PlanePoint(1.1, 0), T0 + TimeSpan.FromSeconds(0.5), transitions); // jitter over the border
        zones.Update(1, new PlanePoint(0.9, 0), T0 + TimeSpan.FromSeconds(1), transitions);
        Assert.Equal(1, zones.Statistics(0).Entries);
        Assert.Equal(0, zones.Statistics(0).Exits);

        zones.Expire(T0 + TimeSpan.FromSeconds(1.5), transitions);
        Assert.True(zones.IsInside(0, 1));
        zones.Expire(T0 + TimeSpan.FromSeconds(2.5), transitions);
        Assert.False(zones.IsInside(0, 1));
        Assert.Equal(1, zones.Statistics(0).Exits);
    }

    [Fact]
    public void A_zone_drawn_in_a_camera_image_is_the_same_floor_area()
    {
        var camera = SiteScenes.Left;
        PlanePoint[] floor = [new(-5, 4), new(-2, 4), new(-2, 7), new(-5, 7)];
        var image = floor.Select(p => camera.Project(new WorldPoint(p.X, p.Y, 0), out _)).ToArray();
        var polygon = FloorPolygon.FromImage(camera.ImageToFloor(), image);
        Assert.True(polygon.Contains(new PlanePoint(-3.5, 5.5)));
        Assert.False(polygon.Contains(new PlanePoint(-1.9, 5.5)));
        Assert.False(polygon.Contains(new PlanePoint(-3.5, 7.1)));
        Assert.Throws<ArgumentException>(() => new ZoneOccupancy([new Zone { Name = "a", Area = polygon }, new Zone { Name = "a", Area = polygon }]));
    }
}
