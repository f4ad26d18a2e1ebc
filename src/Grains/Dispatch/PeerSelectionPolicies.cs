namespace PoseCluster.Grains.Dispatch;

/// <summary>The peer selection policies, by name.</summary>
public static class PeerSelectionPolicies
{
    /// <summary>Two random candidates, the one with fewer requests in flight wins (the default).</summary>
    public const string PowerOfTwoChoices = "power-of-two-choices";

    /// <summary>The candidate with the fewest requests in flight.</summary>
    public const string LeastInFlight = "least-in-flight";

    /// <summary>Candidates in turn.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>A random candidate.</summary>
    public const string Random = "random";

    /// <summary>Every policy name.</summary>
    public static IReadOnlyList<string> Names { get; } = [PowerOfTwoChoices, LeastInFlight, RoundRobin, Random];

    /// <summary>The policy named <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static IPeerSelectionPolicy Create(string name) => name?.Trim().ToLowerInvariant() switch
    {
        PowerOfTwoChoices => new PowerOfTwoChoicesPolicy(),
        LeastInFlight => new LeastInFlightPolicy(),
        RoundRobin => new RoundRobinPolicy(),
        Random => new RandomPolicy(),
        _ => throw new ArgumentException($"Unknown peer selection policy '{name}' (expected one of: {string.Join(", ", Names)})."),
    };
}
