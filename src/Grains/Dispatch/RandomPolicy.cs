namespace PoseCluster.Grains.Dispatch;

/// <summary>A random candidate.</summary>
internal sealed class RandomPolicy : IPeerSelectionPolicy
{
    public string Name => PeerSelectionPolicies.Random;

    public InferencePeer? Select(IReadOnlyList<InferencePeer> candidates) =>
        candidates.Count == 0 ? null : candidates[System.Random.Shared.Next(candidates.Count)];
}
