namespace PoseCluster.ModelTools.Quantization;

/// <summary>How activations are quantised (weights are always per-channel symmetric int8).</summary>
public enum ActivationQuantization
{
    /// <summary>
    /// uint8 with a zero point: uses all 256 levels on ReLU outputs, lets ONNX Runtime drop ReLU/Clip into the
    /// quantisation and run U8S8 kernels (the VNNI fast path on x86).
    /// </summary>
    UInt8Asymmetric,

    /// <summary>int8 with zero point 0 (S8S8 kernels); half the levels on non-negative tensors.</summary>
    Int8Symmetric,
}
