using System.Globalization;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Membership;

namespace PoseCluster.AppHost.Local;

/// <summary>Silos of one class a local cluster starts: <c>gpu:1</c>, <c>nuc:2</c>.</summary>
/// <param name="Class">Their node class.</param>
/// <param name="Count">How many.</param>
internal sealed record SiloGroup(NodeClass Class, int Count)
{
    /// <summary>
    /// Parses <c>gpu:1,nuc:2</c> (class:count, comma-separated) or a bare count (<c>3</c> = three nuc silos).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a silo list.</exception>
    public static IReadOnlyList<SiloGroup> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            return [Checked(new SiloGroup(NodeClass.Nuc, bare), text)];
        }

        var groups = new List<SiloGroup>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new ArgumentException($"Silos '{text}': expected class:count pairs such as gpu:1,nuc:2, or a count.");
            }

            NodeClass nodeClass;
            try
            {
                nodeClass = WireNames.ParseNodeClass(pieces[0]);
            }
            catch (ClusterException e)
            {
                throw new ArgumentException($"Silos '{text}': {e.Message}", e);
            }

            groups.Add(Checked(new SiloGroup(nodeClass, count), text));
        }

        return groups.Count > 0 ? groups : throw new ArgumentException($"Silos '{text}': name at least one silo.");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{WireNames.Of(Class)}:{Count}");

    private static SiloGroup Checked(SiloGroup group, string text) =>
        group.Count is >= 1 and <= 32 ? group : throw new ArgumentException($"Silos '{text}': each count must be between 1 and 32.");
}
