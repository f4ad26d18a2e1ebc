namespace PoseCluster.Cluster.Grains;

/// <summary>A running (or starting) grain on this silo.</summary>
internal sealed class GrainSlot
{
    public GrainSlot(IGrain grain, GrainActivation activation)
    {
        Grain = grain;
        Activation = activation;
    }

    public IGrain Grain { get; }

    public GrainActivation Activation { get; }

    /// <summary>Set once deactivation has started, so it happens once.</summary>
    public int Deactivating;
}
