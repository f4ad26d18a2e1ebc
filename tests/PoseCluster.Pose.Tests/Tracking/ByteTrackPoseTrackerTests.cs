using PoseCluster.Pose.Evaluation.Mot;
using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose.Tests.Tracking;

/// <summary>Life cycle and association of the ByteTrack pose tracker.</summary>
public sealed class ByteTrackPoseTrackerTests
{
    [Fact]
    public void A_new_person_is_tentative_then_confirmed_with_a_stable_id()
    {
        var tracker = PoseTrackerFactory.CreateByteTrack();
        var frame = new PoseFrame();
        Person(frame, 100, 0.9f); // frame 1: confirmed at once (ByteTrack activates first-frame tracks)
        tracker.Update(frame);
        Assert.Equal((1, TrackState.Confirmed, 1), State(frame, 0));

        frame.Clear();
        Person(frame, 103, 0.9f);
        Person(frame, 400, 0.9f); // a newcomer: tentative, no id yet
        tracker.Update(frame);
        Assert.Equal((1, TrackState.Confirmed, 2), State(frame, 0));
        Assert.Equal((0, TrackState.Tentative, 1), State(frame, 1));

        frame.Clear();
        Person(frame, 404, 0.9f);
        Person(frame, 106, 0.9f);
        tracker.Update(frame);
        Assert.Equal((2, TrackState.Confirmed, 2), State(frame, 0));
        Assert.Equal((1, TrackState.Confirmed, 3), State(frame, 1));
    }

    [Fact]
    public void A_lost_track_is_recovered_within_the_buffer_and_forgotten_after_it()
    {
        var tracker = PoseTrackerFactory.CreateByteTrack(new ByteTrackPoseTrackerOptions { LostTrackBuffer = 10 });
        var frame = new PoseFrame();
        for (var f = 0; f < 5; f++)
        {
            frame.Clear();
            Person(frame, 100 + (2 * f), 0.9f);
            tracker.Update(frame);
        }

        for (var f = 5; f < 12; f++)
        {
            frame.Clear();
            tracker.Update(frame);
        }

        frame.Clear();
        Person(frame, 124, 0.9f); // where constant velocity puts it
        tracker.Update(frame);
        Assert.Equal((1, TrackState.Recovered, 13), State(frame, 0));

        for (var f = 0; f < 12; f++)
        {
            frame.Clear();
            tracker.Update(frame);
        }

        frame.Clear();
        Person(frame, 150, 0.9f);
        tracker.Update(frame);
        Assert.Equal(0, frame.Persons[0].TrackId); // the old track is gone: a new tentative one
        Assert.Equal(TrackState.Tentative, frame.Persons[0].TrackState);
    }

    [Fact]
    public void A_low_score_detection_keeps_the_track_in_the_second_stage()
    {
        var tracker = PoseTrackerFactory.CreateByteTrack();
        var frame = new PoseFrame();
        for (var f = 0; f < 3; f++)
        {
            frame.Clear();
            Person(frame, 100 + f, 0.9f);
            tracker.Update(frame);
        }

        frame.Clear();
        Person(frame, 103, 0.3f); // occluded: low score
        tracker.Update(frame);
        Assert.Equal((1, TrackState.Confirmed, 4), State(frame, 0));

        frame.Clear();
        Person(frame, 500, 0.3f); // low score far from any track: neither matched nor a new track
        tracker.Update(frame);
        Assert.Equal((0, TrackState.None, 0), State(frame, 0));
    }

    [Fact]
    public void Two_people_crossing_keep_their_ids()
    {
        var tracker = PoseTrackerFactory.CreateByteTrack();
        var frame = new PoseFrame();
        for (var f = 0; f <= 40; f++)
        {
            frame.Clear();
            Person(frame, 100 + (10 * f), 0.9f, y: 0);
            Person(frame, 500 - (10 * f), f is > 17 and < 23 ? 0.35f : 0.9f, y: 10); // occluded while they overlap
            tracker.Update(frame);
            var a = frame.Persons[0].TrackId;
            var b = frame.Persons[1].TrackId;
            if (f is < 17 or > 24)
            {
                Assert.Equal(1, a);
                Assert.Equal(2, b);
            }
        }
    }

    [Fact]
    public void Reset_forgets_tracks_and_restarts_ids()
    {
        var tracker = PoseTrackerFactory.CreateByteTrack();
        var frame = new PoseFrame();
        Person(frame, 100, 0.9f);
        tracker.Update(frame);
        tracker.Reset();
        frame.Clear();
        Person(frame, 300, 0.9f);
        tracker.Update(frame);
        Assert.Equal(1, frame.Persons[0].TrackId);
    }

    [Fact]
    public void Steady_state_updates_allocate_nothing()
    {
        var sequence = SyntheticTrackingSet.Create(4, 200);
        var tracker = PoseTrackerFactory.CreateByteTrack();
        var frame = new PoseFrame(64);
        for (var round = 0; round < 2; round++)
        {
            // The first round grows the pools; the second must not allocate.
            tracker.Reset();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < sequence.Frames.Count; i++)
            {
                frame.CopyFrom(sequence.Frames[i].Detections);
                tracker.Update(frame);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.Equal(0, allocated);
            }
        }
    }

    [Fact]
    public void Greedy_baseline_assigns_ids_at_once()
    {
        var tracker = PoseTrackerFactory.CreateGreedyOks();
        var frame = new PoseFrame();
        Person(frame, 100, 0.9f);
        tracker.Update(frame);
        frame.Clear();
        Person(frame, 102, 0.9f);
        Person(frame, 400, 0.9f);
        tracker.Update(frame);
        Assert.Equal(1, frame.Persons[0].TrackId);
        Assert.Equal(2, frame.Persons[1].TrackId);
    }

    [Fact]
    public void Options_are_validated_and_names_resolve()
    {
        Assert.Throws<ArgumentException>(() => PoseTrackerFactory.CreateByteTrack(new ByteTrackPoseTrackerOptions { LowScoreThreshold = 0.6f }));
        Assert.Throws<ArgumentException>(() => PoseTrackerFactory.CreateByteTrack(new ByteTrackPoseTrackerOptions { FirstStageMatchThreshold = 0 }));
        Assert.Throws<ArgumentException>(() => PoseTrackerFactory.Create("sort"));
        Assert.IsType<PassThroughPoseTracker>(PoseTrackerFactory.Create("none"));
    }

    [Fact]
    public void The_committed_sequence_loads_and_round_trips()
    {
        var folder = Path.Combine(PoseClusterHome.RequireRoot(), "tests", "data", "tracking");
        var set = TrackingSequenceFile.LoadFolder(folder);
        Assert.NotEmpty(set);
        var first = set[0];
        Assert.Equal(300, first.Frames.Count);

        var path = Path.Combine(Path.GetTempPath(), $"seq-{Guid.NewGuid():N}.json");
        try
        {
            TrackingSequenceFile.Save(path, first, truthKeypoints: false);
            var again = TrackingSequenceFile.Load(path);
            Assert.Equal(first.Frames.Count, again.Frames.Count);
            Assert.Equal(first.Frames[100].Detections.Count, again.Frames[100].Detections.Count);
            Assert.Equal(first.Frames[100].Detections.Persons[0].Keypoints[5], again.Frames[100].Detections.Persons[0].Keypoints[5]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Id, TrackState State, int Age) State(PoseFrame frame, int index)
    {
        var p = frame.Persons[index];
        return (p.TrackId, p.TrackState, p.TrackAge);
    }

    /// <summary>A 60 x 160 person at (x, y) with a plausible keypoint layout.</summary>
    private static void Person(PoseFrame frame, float x, float score, float y = 0)
    {
        ref var p = ref frame.Add();
        p.Score = score;
        p.Box = new BoundingBox(x, y, x + 60, y + 160);
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            var side = k == 0 ? 0 : (k % 2 == 1 ? -1 : 1);
            p.Keypoints[k] = new Keypoint(x + 30 + (side * 12), y + 10 + (9 * k), 0.9f);
        }
    }
}
