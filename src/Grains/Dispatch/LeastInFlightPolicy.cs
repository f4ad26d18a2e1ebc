namespace PoseCluster.Grains.Dispatch;

/// <summary>The candidate with the fewest requests in flight (ties: the first).</summary>
internal sealed class LeastInFlightPolicy : IPeerSelectionPolicy
{
    public string Name => PeerSelectionPolicies.LeastInFlight;

    public InferencePeer? Select(IReadOnlyList<InferencePeer> candidates) => candidates.Count == 0 ? null : candidates.MinBy(c => c.InFlight);
}
