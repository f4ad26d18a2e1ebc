using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Geometry;
using PoseCluster.Pose.Site;

namespace PoseCluster.Pose.Tests.Site;

/// <summary>Scripted scenes raise exactly the expected site events.</summary>
public sealed class SiteEventTests
{
    [Fact]
    public void A_fall_raises_one_fall_event()
    {
        var person = new SyntheticPerson
        {
            Id = 1, Waypoints = [new(-3.5, 6)], Postures = [new PostureKeyframe(3, SyntheticPosture.Lying, 0.8)],
        };
        var events = Run([person], [], 6);
        var fall = Assert.Single(events, e => e.Kind == SiteEventKind.Fall);
        Assert.Equal("site-a", fall.Site);
        Assert.Equal("cam-0", fall.Camera);
        Assert.InRange((fall.Time - SiteScenes.Start).TotalSeconds, 2.4, 3.4);
        Assert.Contains("standing to lying", fall.Details);
    }

    [Fact]
    public void Lying_down_slowly_through_sitting_is_not_a_fall()
    {
        var person = new SyntheticPerson
        {
            Id = 1,
            Waypoints = [new(-3.5, 6)],
            Postures = [new PostureKeyframe(2, SyntheticPosture.Sitting, 1.5), new PostureKeyframe(7, SyntheticPosture.Lying, 2.5)],
        };
        var events = Run([person], [], 9);
        Assert.DoesNotContain(events, e => e.Kind == SiteEventKind.Fall);
    }

    [Fact]
    public void Staying_in_a_zone_past_its_threshold_raises_one_loitering_event()
    {
        var zone = new Zone { Name = "lobby", Area = Square(-3.5, 6, 1.5), LoiteringThreshold = TimeSpan.FromSeconds(4) };
        var person = new SyntheticPerson { Id = 1, Waypoints = [new(-3.5, 6)] };
        var events = Run([person], [zone], 8);
        var loitering = Assert.Single(events, e => e.Kind == SiteEventKind.Loitering);
        Assert.Equal("lobby", loitering.Zone);
        Assert.InRange((loitering.Time - SiteScenes.Start).TotalSeconds, 4, 5);
        Assert.Single(events, e => e.Kind == SiteEventKind.ZoneEntered);
        Assert.DoesNotContain(events, e => e.Kind is SiteEventKind.RestrictedZoneEntry or SiteEventKind.Fall);
    }

    [Fact]
    public void Walking_through_a_restricted_zone_raises_an_entry_then_an_exit()
    {
        var zone = new Zone { Name = "server-room", Area = Square(-3.5, 6, 1.0), Restricted = true };
        var person = new SyntheticPerson { Id = 1, Waypoints = [new(-3.5, 2.5), new(-3.5, 10)], Speed = 1.2 };
        var site = new SiteAggregator("site-a", [zone]);
        var events = Run([person], [zone], 8, site);
        var entry = Assert.Single(events, e => e.Kind == SiteEventKind.RestrictedZoneEntry);
        Assert.Equal("server-room", entry.Zone);
        Assert.InRange((entry.Time - SiteScenes.Start).TotalSeconds, 1.9, 2.9); // crosses y = 5 at 2.1 s
        var exit = Assert.Single(events, e => e.Kind == SiteEventKind.ZoneExited);
        Assert.Contains("left after", exit.Details);
        var stats = site.Zones.Statistics(0);
        Assert.Equal((1, 1, 0), (stats.Entries, stats.Exits, stats.Occupancy));
        Assert.InRange(stats.TotalDwell.TotalSeconds, 1.2, 2.2); // 2 m at 1.2 m/s
    }

    private static List<SiteEvent> Run(IReadOnlyList<SyntheticPerson> persons, IReadOnlyList<Zone> zones, double seconds, SiteAggregator? site = null)
    {
        site ??= new SiteAggregator("site-a", zones);
        SiteScenes.Run(site, persons, [SiteScenes.Left], seconds, SiteScenes.Clean);
        var events = new List<SiteEvent>();
        site.TakeEvents(events);
        return events;
    }

    internal static FloorPolygon Square(double x, double y, double half) =>
        new([new(x - half, y - half), new(x + half, y - half), new(x + half, y + half), new(x - half, y + half)]);
}
