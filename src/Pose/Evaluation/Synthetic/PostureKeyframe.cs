namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>A synthetic person holds <paramref name="Posture"/> from <paramref name="Seconds"/> on (the change takes <paramref name="TransitionSeconds"/> before it).</summary>
/// <param name="Seconds">Scene time at which the posture is reached.</param>
/// <param name="Posture">The posture.</param>
/// <param name="TransitionSeconds">How long the change from the previous posture takes, ending at <paramref name="Seconds"/>.</param>
public readonly record struct PostureKeyframe(double Seconds, SyntheticPosture Posture, double TransitionSeconds = 0.8);
