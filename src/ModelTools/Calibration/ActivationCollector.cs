using PoseCluster.ModelTools.Format;
using PoseCluster.ModelTools.Inspection;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Calibration;

/// <summary>
/// Runs the float model over calibration samples and records <see cref="ActivationStatistics"/> of chosen tensors.
/// The tensors are read by declaring them as extra graph outputs of a calibration copy of the model; two passes
/// (range, then histogram over that range) keep memory flat whatever the number of samples.
/// </summary>
internal static class ActivationCollector
{
    public static Dictionary<string, ActivationStatistics> Collect(
        OnnxRuntime runtime, OnnxModel model, IReadOnlyCollection<string> tensors, IReadOnlyList<CalibrationSample> samples, int bins, int threads)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one sample.");
        }

        var copy = model.Clone();
        var graphInputs = copy.Graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var declared = copy.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (!graphInputs.Contains(t) && declared.Add(t))
            {
                copy.Graph.Output.Add(OnnxNodes.TensorValueInfo(t, TensorProto.Types.DataType.Float));
            }
        }

        var stats = tensors.ToDictionary(t => t, t => new ActivationStatistics(t, bins), StringComparer.Ordinal);
        using var runner = new SampleRunner(runtime, copy, new OnnxRuntimeOptions { IntraOpThreads = threads });
        var outputIndex = tensors.Where(t => !graphInputs.Contains(t)).ToDictionary(t => t, runner.Session.OutputIndex, StringComparer.Ordinal);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var sample in samples)
            {
                runner.Run(sample);
                foreach (var (name, s) in stats)
                {
                    var values = outputIndex.TryGetValue(name, out var o)
                        ? runner.Output(o)
                        : sample.Inputs.First(i => i.Name == name).Floats ?? throw new InvalidDataException($"Input '{name}' is not float32.");
                    if (pass == 0)
                    {
                        s.AddRange(values);
                    }
                    else
                    {
                        s.AddHistogram(values);
                    }
                }
            }
        }

        return stats;
    }
}
