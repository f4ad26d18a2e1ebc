using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Inspection;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Verification;

/// <summary>Runs a reference and a candidate model on the same samples and compares their outputs.</summary>
public static class ModelOutputComparer
{
    /// <summary>Outputs of <paramref name="model"/> on each sample (float copies, in output order).</summary>
    public static List<float[][]> Run(OnnxRuntime runtime, OnnxModel model, IReadOnlyList<CalibrationSample> samples, OnnxRuntimeOptions? options = null)
    {
        using var runner = new SampleRunner(runtime, model, options ?? new OnnxRuntimeOptions());
        var count = model.Graph.Output.Count;
        var result = new List<float[][]>(samples.Count);
        foreach (var s in samples)
        {
            runner.Run(s);
            result.Add(runner.CopyOutputs(count));
        }

        return result;
    }

    /// <summary>Compares <paramref name="candidate"/> with precomputed <paramref name="reference"/> outputs.</summary>
    public static OutputComparison Compare(
        OnnxRuntime runtime, OnnxModel candidate, IReadOnlyList<CalibrationSample> samples, IReadOnlyList<float[][]> reference, OnnxRuntimeOptions? options = null)
    {
        var comparison = new OutputComparison(candidate.Graph.Output.Select(o => o.Name).ToList());
        var outputs = Run(runtime, candidate, samples, options);
        for (var i = 0; i < samples.Count; i++)
        {
            comparison.Add(reference[i], outputs[i]);
        }

        return comparison;
    }
}
