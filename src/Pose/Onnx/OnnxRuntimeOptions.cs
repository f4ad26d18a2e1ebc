using System.ComponentModel.DataAnnotations;

namespace PoseCluster.Pose.Onnx;

/// <summary>Options of the ONNX Runtime binding and of the sessions it creates.</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>Environment variable naming the native library explicitly.</summary>
    public const string LibraryEnvironmentVariable = "POSECLUSTER_ORT_LIBRARY";

    /// <summary>
    /// Path of <c>libonnxruntime.so.1</c>. Default null: <see cref="LibraryEnvironmentVariable"/>, then the copy that
    /// <c>posecluster setup</c> installs under <c>.posecluster/runtime</c>, then the system loader's search.
    /// </summary>
    public string? LibraryPath { get; set; }

    /// <summary>Execution device. Default <see cref="ExecutionDevice.Cpu"/>; CUDA falls back to CPU with a logged reason.</summary>
    public ExecutionDevice Device { get; set; } = ExecutionDevice.Cpu;

    /// <summary>CUDA device ordinal when <see cref="Device"/> is CUDA. Default 0.</summary>
    [Range(0, 64)]
    public int CudaDeviceId { get; set; }

    /// <summary>Intra-op threads per session. Default 0 = ONNX Runtime's choice (one per physical core).</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation level. Default <see cref="GraphOptimization.All"/> (NCHWc kernels on x86).</summary>
    public GraphOptimization Optimization { get; set; } = GraphOptimization.All;

    /// <summary>
    /// Whether idle intra-op threads spin. Default false: on small nodes spinning threads steal the cores that video
    /// decoding and other sessions need; turn it on for a single-stream latency benchmark.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (CudaDeviceId is < 0 or > 64)
        {
            throw new ArgumentException($"{nameof(CudaDeviceId)} must be between 0 and 64 (was {CudaDeviceId}).");
        }

        if (IntraOpThreads is < 0 or > 256)
        {
            throw new ArgumentException($"{nameof(IntraOpThreads)} must be between 0 and 256 (was {IntraOpThreads}).");
        }

        if (!Enum.IsDefined(Optimization))
        {
            throw new ArgumentException($"{nameof(Optimization)} '{Optimization}' is not a graph optimisation level.");
        }

        if (LibraryPath is not null && !File.Exists(LibraryPath))
        {
            throw new ArgumentException($"{nameof(LibraryPath)} '{LibraryPath}' does not exist.");
        }
    }

    /// <summary>A copy of these options.</summary>
    public OnnxRuntimeOptions Clone() => (OnnxRuntimeOptions)MemberwiseClone();
}
