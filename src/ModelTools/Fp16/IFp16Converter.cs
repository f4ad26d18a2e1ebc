using PoseCluster.ModelTools.Format;

namespace PoseCluster.ModelTools.Fp16;

/// <summary>Converts a float32 model to float16 weights and activations, keeping float32 inputs and outputs.</summary>
public interface IFp16Converter
{
    /// <summary>Returns the float16 model; <paramref name="model"/> is left unchanged.</summary>
    OnnxModel Convert(OnnxModel model, Fp16ConversionOptions options);
}
