namespace PoseCluster.Pose.Evaluation.Mot;

/// <summary>How a ground-truth person and a tracker output are compared for MOT matching.</summary>
public enum MotSimilarity
{
    /// <summary>Box IoU (the MOTChallenge convention).</summary>
    BoxIoU,

    /// <summary>OKS of the output against the ground truth's labelled keypoints (score &gt; 0), area = ground-truth box area.</summary>
    Oks,
}
