using PoseCluster.AppHost.ClusterBench;

namespace PoseCluster.AppHost.Tests.ClusterBench;

/// <summary>The benchmark's figures computed from recorded stream messages: double owners, failover, stream gaps.</summary>
public sealed class StreamAnalysisTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Camera = Guid.NewGuid();

    [Fact]
    public void Owners_one_after_the_other_are_no_double_owners()
    {
        var poses = Frames("a", 1, 0, 10).Concat(Frames("b", 2, 12, 10)).ToList();
        var report = DoubleOwnerReport.Of(poses);
        Assert.Equal((0L, 0, 2), (report.Frames, report.OverlappingPairs, report.Owners));
    }

    [Fact]
    public void Frames_captured_while_two_silos_both_published_count_from_both()
    {
        // a publishes frames captured at 0..9 s, b at 7..16 s: the overlap 7..9 s holds 3 frames of each.
        var poses = Frames("a", 1, 0, 10).Concat(Frames("b", 2, 7, 10)).ToList();
        var report = DoubleOwnerReport.Of(poses);
        Assert.Equal(6, report.Frames);
        Assert.Equal(1, report.OverlappingPairs);
        Assert.Equal(2000, report.MaxOverlapMs);
    }

    [Fact]
    public void Two_epochs_on_the_same_silo_are_not_two_owners()
    {
        var report = DoubleOwnerReport.Of(Frames("a", 1, 0, 10).Concat(Frames("a", 2, 5, 10)).ToList());
        Assert.Equal(0, report.Frames);
    }

    [Fact]
    public void Failover_is_the_time_until_the_last_orphaned_camera_publishes_a_newer_epoch_elsewhere()
    {
        var killedAt = T0.AddSeconds(10);
        var other = Guid.NewGuid();
        var poses = new List<RecordedPose>
        {
            Pose(Camera, "a", 1, 0, 9, received: 9.1),
            Pose(Camera, "b", 3, 0, 12, received: 12.5),
            Pose(other, "b", 4, 0, 13, received: 13.25),
            Pose(other, "a", 2, 5, 9.5, received: 10.5), // late frame of the dead owner: not a recovery
        };
        var statuses = new List<RecordedStatus> { new(Camera, "b", 3, "streaming", T0.AddSeconds(12.2)), new(other, "b", 4, "streaming", T0.AddSeconds(12.9)) };
        var failover = FailoverMeasurement.Of(poses, statuses, "a", false, new Dictionary<Guid, long> { [Camera] = 1, [other] = 2 }, killedAt);
        Assert.Equal(2, failover.Recovered);
        Assert.Equal(3.25, failover.FailoverSeconds!.Value, 3);
        Assert.Equal(2.5, failover.FirstRecoverySeconds!.Value, 3);
        Assert.Equal(2.9, failover.ReactivatedSeconds!.Value, 3);
    }

    [Fact]
    public void Stream_gaps_are_frames_missing_between_the_first_and_last_of_an_owner()
    {
        // Frames 0..9 captured one per second, frames 3 and 4 never published.
        var poses = Frames("a", 1, 0, 10).Where(p => p.Frame is not (3 or 4)).ToList();
        var m = PhaseMeasurement.Of(poses, T0, T0.AddSeconds(10), [], [], 0);
        Assert.Equal(8, m.FramesOut);
        Assert.Equal(0.2, m.StreamGapRate, 6);
        Assert.Equal(0.8, m.FramesPerSecond, 6);
    }

    private static IEnumerable<RecordedPose> Frames(string silo, long epoch, double fromSeconds, int count) =>
        Enumerable.Range(0, count).Select(i => Pose(Camera, silo, epoch, i, fromSeconds + i, fromSeconds + i + 0.1));

    private static RecordedPose Pose(Guid camera, string silo, long epoch, long frame, double captured, double received) =>
        new(camera, silo, epoch, frame, T0.AddSeconds(captured), T0.AddSeconds(captured + 0.05), T0.AddSeconds(received), 50);
}
