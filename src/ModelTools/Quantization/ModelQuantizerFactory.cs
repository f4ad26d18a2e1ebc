using Microsoft.Extensions.Logging;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Quantization;

/// <summary>Creates <see cref="IModelQuantizer"/>s.</summary>
public static class ModelQuantizerFactory
{
    /// <summary>A QDQ quantiser that calibrates and scores with <paramref name="runtime"/>.</summary>
    public static IModelQuantizer Create(OnnxRuntime runtime, ILogger? logger = null) => new QdqModelQuantizer(runtime, logger);
}
