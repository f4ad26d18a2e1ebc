using System.CommandLine;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.AppHost.Commands;

/// <summary>Options several verbs share.</summary>
internal static class CommonOptions
{
    public static Option<string?> ModelsFrom() => new("--models-from")
    {
        Description = "Folder to install missing catalog models from (default: ../shared/models beside the checkout, or POSECLUSTER_MODELS_FROM).",
    };

    public static Option<ExecutionDevice> Device() => new("--device")
    {
        Description = "Execution device: cpu or cuda (falls back to cpu, logged, when CUDA is unavailable).",
        DefaultValueFactory = _ => ExecutionDevice.Cpu,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "ONNX Runtime intra-op threads per session (0 = one per physical core).",
        DefaultValueFactory = _ => 0,
    };
}
