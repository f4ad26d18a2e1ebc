using PoseCluster.Pose.Evaluation.Mot;
using PoseCluster.Pose.Evaluation.Synthetic;
using PoseCluster.Pose.Tracking;
using Xunit.Abstractions;

namespace PoseCluster.Pose.Tests.Tracking;

/// <summary>The ByteTrack tracker against the greedy OKS baseline on the synthetic benchmark (the acceptance numbers).</summary>
public sealed class TrackerBenchmarkTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<TrackingSequence>> Set = new(() => Enumerable.Range(0, 10).Select(i => SyntheticTrackingSet.Create(i)).ToList());

    [Fact]
    public void Bytetrack_reaches_idf1_0_8_with_at_most_half_the_id_switches_of_greedy_oks()
    {
        var bytetrack = TrackerEvaluation.Evaluate(Set.Value, () => PoseTrackerFactory.CreateByteTrack());
        var greedy = TrackerEvaluation.Evaluate(Set.Value, () => PoseTrackerFactory.CreateGreedyOks());
        foreach (var (name, r) in new[] { ("bytetrack", bytetrack), ("greedy-oks", greedy) })
        {
            var m = r.Total;
            output.WriteLine($"{name}: MOTA {m.Mota:F3} IDF1 {m.Idf1:F3} IDSW {m.IdSwitches} FN {m.Misses} FP {m.FalsePositives} GT {m.GroundTruth} MOTP {m.Motp:F3} {r.MicrosecondsPerFrame:F1} us/frame");
            foreach (var (seq, s) in r.PerSequence)
            {
                output.WriteLine($"  {seq}: MOTA {s.Mota:F3} IDF1 {s.Idf1:F3} IDSW {s.IdSwitches} FN {s.Misses} FP {s.FalsePositives} GT {s.GroundTruth}");
            }
        }

        Assert.True(bytetrack.Total.Idf1 >= 0.8, $"IDF1 {bytetrack.Total.Idf1:F3}");
        Assert.True(bytetrack.Total.IdSwitches * 2 <= greedy.Total.IdSwitches, $"IDSW {bytetrack.Total.IdSwitches} vs greedy {greedy.Total.IdSwitches}");
        Assert.True(bytetrack.Total.Mota > greedy.Total.Mota, $"MOTA {bytetrack.Total.Mota:F3} vs greedy {greedy.Total.Mota:F3}");
    }
}
