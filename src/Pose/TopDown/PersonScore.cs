namespace PoseCluster.Pose.TopDown;

/// <summary>The top-down person score: detection score x the mean of keypoint scores above a visibility threshold.</summary>
public static class PersonScore
{
    /// <summary>Computes the score (0 when no keypoint passes the threshold, as HRNet's rescoring does).</summary>
    public static float Compute(float detectionScore, ReadOnlySpan<Keypoint> keypoints, float threshold)
    {
        var sum = 0f;
        var n = 0;
        foreach (var k in keypoints)
        {
            if (k.Score > threshold)
            {
                sum += k.Score;
                n++;
            }
        }

        return n == 0 ? 0f : detectionScore * (sum / n);
    }
}
