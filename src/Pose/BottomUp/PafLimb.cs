namespace PoseCluster.Pose.BottomUp;

/// <summary>One limb of a PAF model: keypoint types A -> B and the output channels of its field's x and y.</summary>
/// <param name="A">Keypoint type the limb starts at (model keypoint order).</param>
/// <param name="B">Keypoint type the limb ends at.</param>
/// <param name="ChannelX">Output channel of the field's x component.</param>
/// <param name="ChannelY">Output channel of the field's y component.</param>
public readonly record struct PafLimb(int A, int B, int ChannelX, int ChannelY);
