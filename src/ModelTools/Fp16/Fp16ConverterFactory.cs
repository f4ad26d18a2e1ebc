using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Fp16;

/// <summary>Creates <see cref="IFp16Converter"/>s.</summary>
public static class Fp16ConverterFactory
{
    /// <summary>A converter that asks <paramref name="runtime"/> for the model's tensor types.</summary>
    public static IFp16Converter Create(OnnxRuntime runtime) => new Fp16Converter(runtime);
}
