namespace PoseCluster.Cluster.Changes;

/// <summary>A change notification. Notifications are hints to re-read the store, never the data itself.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Key">Which item, when known.</param>
public readonly record struct ClusterChange(ClusterChangeKind Kind, string? Key = null)
{
    /// <summary>Wire form: <c>kind|key</c>.</summary>
    internal string ToPayload() => $"{Kind.ToString().ToLowerInvariant()}|{Key}";

    /// <summary>Parses the wire form; unknown kinds become <see cref="ClusterChangeKind.Resync"/>.</summary>
    internal static ClusterChange FromPayload(string payload)
    {
        var bar = payload.IndexOf('|', StringComparison.Ordinal);
        var kind = bar < 0 ? payload : payload[..bar];
        var key = bar < 0 || bar == payload.Length - 1 ? null : payload[(bar + 1)..];
        return Enum.TryParse<ClusterChangeKind>(kind, ignoreCase: true, out var k)
            ? new ClusterChange(k, key)
            : new ClusterChange(ClusterChangeKind.Resync);
    }
}
