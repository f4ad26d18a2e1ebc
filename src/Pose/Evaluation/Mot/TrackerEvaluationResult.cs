namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>What <see cref="TrackerEvaluation"/> measured for one tracker.</summary>
/// <param name="Total">The metrics over all sequences together.</param>
/// <param name="PerSequence">The metrics of each sequence, by name.</param>
/// <param name="MicrosecondsPerFrame">Mean tracker update time per frame (wall clock).</param>
public sealed record TrackerEvaluationResult(MotMetrics Total, IReadOnlyList<KeyValuePair<string, MotMetrics>> PerSequence, double MicrosecondsPerFrame);
