namespace PoseCluster.Grains.Dispatch;

/// <summary>Chooses the peer a frame goes to among the healthy, capable, not-full candidates (YARP-style load-balancing policy).</summary>
public interface IPeerSelectionPolicy
{
    /// <summary>The policy's name (see <see cref="PeerSelectionPolicies"/>).</summary>
    string Name { get; }

    /// <summary>The chosen peer, or null when <paramref name="candidates"/> is empty.</summary>
    InferencePeer? Select(IReadOnlyList<InferencePeer> candidates);
}
