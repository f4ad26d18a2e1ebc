using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Preparation;

/// <summary>Drops initializers no node (or graph output) reads any more, e.g. after folding or quantising weights.</summary>
internal static class UnusedInitializerPruner
{
    public static void Prune(OnnxModel model)
    {
        var graph = model.Graph;
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => used.Contains(t.Name)).ToList();
        if (kept.Count == graph.Initializer.Count)
        {
            return;
        }

        var removed = graph.Initializer.Where(t => !used.Contains(t.Name)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        var inputs = graph.Input.Where(i => !removed.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
    }
}
