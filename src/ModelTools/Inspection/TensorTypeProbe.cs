using PoseCluster.ModelTools.Format;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Inspection;

/// <summary>
/// Element types and shapes of every tensor of a graph, as ONNX Runtime infers them: a copy of the model declares each
/// node output as an (untyped) graph output and the session reports what it resolved. Many exported models carry no
/// intermediate annotations, and ONNX Runtime's inference is the one the model will actually run under.
/// </summary>
internal static class TensorTypeProbe
{
    public static Dictionary<string, TensorInfo> Probe(OnnxRuntime runtime, OnnxModel model)
    {
        var copy = model.Clone();
        var declared = copy.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in copy.Graph.Node)
        {
            foreach (var output in node.Output)
            {
                if (output.Length > 0 && declared.Add(output))
                {
                    copy.Graph.Output.Add(new ValueInfoProto { Name = output });
                }
            }
        }

        using var session = OpenUnoptimised(runtime, copy);
        var result = session.Outputs.Concat(session.Inputs).ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var t in model.Graph.Initializer)
        {
            result[t.Name] = new TensorInfo(t.Name, (TensorElementType)t.DataType, t.Dims.ToArray());
        }

        return result;
    }

    /// <summary>Opens a session with graph optimisations off, so every declared tensor survives as written.</summary>
    public static InferenceSession OpenUnoptimised(OnnxRuntime runtime, OnnxModel model) =>
        runtime.CreateSession(model.ToByteArray(), model.DisplayName, new OnnxRuntimeOptions { Optimization = GraphOptimization.Disabled, IntraOpThreads = 1 });
}
