using System.Diagnostics;
using PoseCluster.Pose.Tracking;

namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>Runs a tracker over tracking sequences (a fresh tracker per sequence) and scores it with <see cref="MotAccumulator"/>.</summary>
public static class TrackerEvaluation
{
    /// <summary>Tracks every sequence with a tracker from <paramref name="createTracker"/> and returns the MOT metrics and the tracker's cost.</summary>
    public static TrackerEvaluationResult Evaluate(
        IReadOnlyList<TrackingSequence> sequences, Func<IPoseTracker> createTracker, MotEvaluatorOptions? options = null)
    {
        var total = default(MotMetrics);
        var perSequence = new List<KeyValuePair<string, MotMetrics>>();
        var output = new PoseFrame();
        long ticks = 0;
        long frames = 0;
        foreach (var sequence in sequences)
        {
            var tracker = createTracker();
            var accumulator = new MotAccumulator(options);
            foreach (var frame in sequence.Frames)
            {
                output.CopyFrom(frame.Detections);
                var start = Stopwatch.GetTimestamp();
                tracker.Update(output);
                ticks += Stopwatch.GetTimestamp() - start;
                frames++;
                accumulator.AddFrame(frame.Truth, output);
            }

            var metrics = accumulator.Compute();
            perSequence.Add(new(sequence.Name, metrics));
            total += metrics;
        }

        var microseconds = frames == 0 ? 0 : ticks * 1e6 / Stopwatch.Frequency / frames;
        return new TrackerEvaluationResult(total, perSequence, microseconds);
    }
}
