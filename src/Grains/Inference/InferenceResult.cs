using PoseCluster.Pose;

namespace PoseCluster.Grains.Inference;

/// <summary>The poses of one frame and how they were obtained.</summary>
/// <param name="Poses">The poses (owned by the caller from now on).</param>
/// <param name="Node">The node whose inference grain ran it.</param>
/// <param name="BatchSize">Frames in the batch that carried this one.</param>
/// <param name="QueueMilliseconds">Time spent waiting in the inference queue.</param>
/// <param name="InferenceMilliseconds">Time the batch took to process.</param>
public sealed record InferenceResult(PoseFrame Poses, string Node, int BatchSize, double QueueMilliseconds, double InferenceMilliseconds);
