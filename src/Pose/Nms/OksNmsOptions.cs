namespace PoseCluster.Pose.Nms;

/// <summary>Placeholder until the NMS branch lands.</summary>
public sealed class OksNmsOptions
{
    /// <summary>Validates.</summary>
    public void Validate()
    {
    }
}
