namespace PoseCluster.ModelTools.Format;

/// <summary>
/// Lookup tables over a graph: initializers by name, the producer and the consumers of each tensor. A snapshot:
/// rebuild it after editing the graph.
/// </summary>
public sealed class GraphIndex
{
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphOutputs;
    private readonly HashSet<string> _graphInputs;

    /// <summary>Indexes <paramref name="graph"/>.</summary>
    public GraphIndex(GraphProto graph)
    {
        Graph = graph;
        _initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer)
        {
            _initializers[t.Name] = t;
        }

        foreach (var node in graph.Node)
        {
            if (node.OpType == "Constant" && node.Domain.Length == 0 && OnnxNodes.Find(node, "value") is { T: { } value })
            {
                // A Constant node's value is a weight like an initializer for everything this tool does.
                _initializers.TryAdd(node.Output[0], value);
            }

            foreach (var o in node.Output)
            {
                _producers[o] = node;
            }

            foreach (var i in node.Input)
            {
                if (i.Length == 0)
                {
                    continue;
                }

                if (!_consumers.TryGetValue(i, out var list))
                {
                    _consumers[i] = list = [];
                }

                list.Add(node);
            }
        }

        _graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        _graphInputs = graph.Input.Select(o => o.Name).Where(n => !_initializers.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The graph indexed.</summary>
    public GraphProto Graph { get; }

    /// <summary>The initializer (or Constant value) named <paramref name="name"/>, or null.</summary>
    public TensorProto? Initializer(string name) => _initializers.GetValueOrDefault(name);

    /// <summary>Whether <paramref name="name"/> is a constant (initializer or Constant node output).</summary>
    public bool IsConstant(string name) => _initializers.ContainsKey(name);

    /// <summary>The node producing <paramref name="tensor"/>, or null for graph inputs and initializers.</summary>
    public NodeProto? Producer(string tensor) => _producers.GetValueOrDefault(tensor);

    /// <summary>The nodes consuming <paramref name="tensor"/>.</summary>
    public IReadOnlyList<NodeProto> Consumers(string tensor) => _consumers.TryGetValue(tensor, out var list) ? list : [];

    /// <summary>Whether <paramref name="tensor"/> is a graph output.</summary>
    public bool IsGraphOutput(string tensor) => _graphOutputs.Contains(tensor);

    /// <summary>Whether <paramref name="tensor"/> is a (non-initializer) graph input.</summary>
    public bool IsGraphInput(string tensor) => _graphInputs.Contains(tensor);
}
