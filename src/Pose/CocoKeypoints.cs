namespace PoseCluster.Pose;

/// <summary>The COCO-17 keypoint set: order, names, OKS sigmas and skeleton. Every pipeline reports poses in this order.</summary>
public static class CocoKeypoints
{
    /// <summary>Number of keypoints.</summary>
    public const int Count = 17;

    /// <summary>Index of each keypoint.</summary>
    public const int Nose = 0, LeftEye = 1, RightEye = 2, LeftEar = 3, RightEar = 4, LeftShoulder = 5, RightShoulder = 6,
        LeftElbow = 7, RightElbow = 8, LeftWrist = 9, RightWrist = 10, LeftHip = 11, RightHip = 12, LeftKnee = 13,
        RightKnee = 14, LeftAnkle = 15, RightAnkle = 16;

    /// <summary>Keypoint names in COCO order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
        "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
        "right_ankle",
    ];

    /// <summary>Per-keypoint OKS sigmas of the COCO evaluation.</summary>
    public static ReadOnlySpan<float> Sigmas => SigmaValues;

    // A static array: a span collection expression of non-byte elements would allocate on every access.
    private static readonly float[] SigmaValues =
    [
        0.026f, 0.025f, 0.025f, 0.035f, 0.035f, 0.079f, 0.079f, 0.072f, 0.072f, 0.062f, 0.062f, 0.107f, 0.107f, 0.087f,
        0.087f, 0.089f, 0.089f,
    ];

    /// <summary>Skeleton edges (0-based keypoint indices), as drawn by the renderer and the dashboard.</summary>
    public static readonly IReadOnlyList<(int A, int B)> Skeleton =
    [
        (15, 13), (13, 11), (16, 14), (14, 12), (11, 12), (5, 11), (6, 12), (5, 6), (5, 7), (6, 8), (7, 9), (8, 10),
        (1, 2), (0, 1), (0, 2), (1, 3), (2, 4), (3, 5), (4, 6),
    ];
}
