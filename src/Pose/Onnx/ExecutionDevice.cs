namespace PoseCluster.Pose.Onnx;

/// <summary>Where a session runs.</summary>
public enum ExecutionDevice
{
    /// <summary>ONNX Runtime's CPU execution provider.</summary>
    Cpu,
    /// <summary>The CUDA execution provider (falls back to CPU, logged, when CUDA or the provider is missing).</summary>
    Cuda,
}
