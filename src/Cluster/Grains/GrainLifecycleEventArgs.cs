namespace PoseCluster.Cluster.Grains;

/// <summary>A grain was activated or deactivated.</summary>
public sealed class GrainLifecycleEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    public GrainLifecycleEventArgs(GrainActivation activation, DeactivationReason? reason)
    {
        Activation = activation;
        Reason = reason;
    }

    /// <summary>The activation.</summary>
    public GrainActivation Activation { get; }

    /// <summary>Why it was deactivated; null for an activation.</summary>
    public DeactivationReason? Reason { get; }
}
