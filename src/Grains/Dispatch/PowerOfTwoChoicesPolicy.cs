namespace PoseCluster.Grains.Dispatch;

/// <summary>
/// Power of two choices (Mitzenmacher): pick two distinct candidates at random and take the one with fewer requests
/// in flight. Nearly as good as least-loaded, without every node herding onto the same least-loaded peer.
/// </summary>
internal sealed class PowerOfTwoChoicesPolicy : IPeerSelectionPolicy
{
    public string Name => PeerSelectionPolicies.PowerOfTwoChoices;

    public InferencePeer? Select(IReadOnlyList<InferencePeer> candidates)
    {
        switch (candidates.Count)
        {
            case 0:
                return null;
            case 1:
                return candidates[0];
        }

        var first = Random.Shared.Next(candidates.Count);
        var second = Random.Shared.Next(candidates.Count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = candidates[first];
        var b = candidates[second];
        return b.InFlight < a.InFlight ? b : a;
    }
}
