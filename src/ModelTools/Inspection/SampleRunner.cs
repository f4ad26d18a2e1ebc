using PoseCluster.ModelTools.Calibration;
using PoseCluster.ModelTools.Format;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Inspection;

/// <summary>Runs one model on <see cref="CalibrationSample"/>s through the engine's binding and exposes the outputs.</summary>
internal sealed class SampleRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly InferenceBinding _binding;

    public SampleRunner(OnnxRuntime runtime, OnnxModel model, OnnxRuntimeOptions options)
    {
        _session = runtime.CreateSession(model.ToByteArray(), model.DisplayName, options);
        _binding = _session.CreateBinding();
    }

    public InferenceSession Session => _session;

    public void Run(CalibrationSample sample)
    {
        foreach (var input in sample.Inputs)
        {
            var index = _session.InputIndex(input.Name);
            if (input.Floats is { } f)
            {
                f.CopyTo(_binding.Input<float>(index, input.Shape));
            }
            else if (input.Ints is { } i)
            {
                i.CopyTo(_binding.Input<int>(index, input.Shape));
            }
        }

        _binding.Run();
    }

    public ReadOnlySpan<float> Output(int index) => _binding.Output<float>(index);

    /// <summary>Float outputs of the last run, copied (non-float outputs are converted or skipped as empty).</summary>
    public float[][] CopyOutputs(int count)
    {
        var result = new float[count][];
        for (var o = 0; o < count; o++)
        {
            result[o] = _session.Outputs[o].ElementType switch
            {
                TensorElementType.Float => _binding.Output<float>(o).ToArray(),
                TensorElementType.Int32 => ToFloats(_binding.Output<int>(o)),
                TensorElementType.Int64 => ToFloats(_binding.Output<long>(o)),
                _ => [],
            };
        }

        return result;
    }

    public void Dispose()
    {
        _binding.Dispose();
        _session.Dispose();
    }

    private static float[] ToFloats<T>(ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = float.CreateTruncating(values[i]);
        }

        return result;
    }
}
