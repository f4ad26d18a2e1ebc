namespace PoseCluster.Grains.Dispatch;

/// <summary>Candidates in turn.</summary>
internal sealed class RoundRobinPolicy : IPeerSelectionPolicy
{
    private int _next;

    public string Name => PeerSelectionPolicies.RoundRobin;

    public InferencePeer? Select(IReadOnlyList<InferencePeer> candidates) =>
        candidates.Count == 0 ? null : candidates[(int)((uint)Interlocked.Increment(ref _next) % (uint)candidates.Count)];
}
