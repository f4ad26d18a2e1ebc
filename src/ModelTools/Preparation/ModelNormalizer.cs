using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Preparation;

/// <summary>
/// Puts a float model into the shape the rewriters expect: initializers are constants rather than overridable graph
/// inputs (IR 3 exports list them as inputs, which also stops ONNX Runtime from constant-folding them), the IR version
/// is at least 7, and stale intermediate type annotations are dropped (ONNX Runtime re-infers them).
/// </summary>
internal static class ModelNormalizer
{
    private const long MinimumIrVersion = 7;

    public static void Normalize(OnnxModel model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
        graph.ValueInfo.Clear();
        if (model.Proto.IrVersion < MinimumIrVersion)
        {
            model.Proto.IrVersion = MinimumIrVersion;
        }
    }
}
