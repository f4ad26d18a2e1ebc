namespace PoseCluster.Silo.Tests.Infrastructure;

/// <summary>Checks on pose messages gathered from every silo's stream.</summary>
public static class StreamAssertions
{
    /// <summary>
    /// For every camera, the frames accepted (published) under each (silo, epoch) form time intervals of capture time
    /// that never overlap, and epochs only grow over time: no frame of a camera was published by two silos for
    /// overlapping times.
    /// </summary>
    public static void AssertOneOwnerAtATime(IEnumerable<StreamMessage> poses, ITestOutputHelper? output = null)
    {
        foreach (var camera in poses.Where(p => p.Type == "pose").GroupBy(p => p.Camera))
        {
            var owners = camera
                .GroupBy(p => (p.Silo, p.Epoch))
                .Select(g => (g.Key.Silo, g.Key.Epoch, First: g.Min(p => p.CapturedAt), Last: g.Max(p => p.CapturedAt), Count: g.Count()))
                .OrderBy(o => o.First)
                .ToList();
            output?.WriteLine($"camera {camera.Key}: " + string.Join(" | ", owners.Select(o => $"{o.Silo}@{o.Epoch} {o.First:HH:mm:ss.fff}-{o.Last:HH:mm:ss.fff} ({o.Count})")));
            for (var i = 1; i < owners.Count; i++)
            {
                var previous = owners[i - 1];
                var current = owners[i];
                Assert.True(current.Epoch > previous.Epoch, $"camera {camera.Key}: epoch went from {previous.Epoch} ({previous.Silo}) to {current.Epoch} ({current.Silo})");
                Assert.True(current.First > previous.Last, $"camera {camera.Key}: {previous.Silo}@{previous.Epoch} published until {previous.Last:O}, {current.Silo}@{current.Epoch} from {current.First:O}");
            }
        }
    }
}
