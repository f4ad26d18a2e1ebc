namespace PoseCluster.Pose.Evaluation.Synthetic;

/// <summary>The body posture of a synthetic person at a key time.</summary>
public enum SyntheticPosture
{
    /// <summary>Upright (walking when the person moves).</summary>
    Standing,

    /// <summary>Seated on a chair: thighs horizontal, shins vertical.</summary>
    Sitting,

    /// <summary>Flat on the floor along the heading (reached from standing by falling forward about the feet).</summary>
    Lying,
}
