using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Pose.Tests.Onnx;

/// <summary>CUDA requested where it cannot run: the session falls back to CPU, says why, and still computes.</summary>
[Collection(EngineCollection.Name)]
public sealed class DeviceFallbackTests(EngineFixture engine)
{
    [Fact]
    public void Cuda_request_without_cuda_falls_back_to_cpu_with_a_reason()
    {
        var logger = new RecordingLogger<ModelSessionCache>();
        using var sessions = new ModelSessionCache(engine.Catalog, new OnnxRuntimeOptions { Device = ExecutionDevice.Cuda }, logger);
        var session = sessions.Get("person-detector-192");

        // This runs on machines without a GPU (CI); on a CUDA node the session would report Cuda and no reason.
        if (session.Device == ExecutionDevice.Cpu)
        {
            Assert.False(string.IsNullOrWhiteSpace(session.FallbackReason));
            Assert.Contains(logger.Messages, m => m.Contains("falling back to CPU", StringComparison.Ordinal));
        }
        else
        {
            Assert.Null(session.FallbackReason);
        }

        using var binding = session.CreateBinding();
        binding.Input<float>(0, [1, 3, 192, 192]).Fill(114f);
        binding.Run();
        Assert.Equal([1L, 756, 6], binding.OutputShape(0).ToArray());
    }

    [Fact]
    public void Runtime_reports_version_and_providers()
    {
        var runtime = engine.Sessions.Runtime;
        Assert.StartsWith("1.", runtime.Version);
        Assert.Contains("CPUExecutionProvider", runtime.AvailableProviders);
        Assert.Contains("Build Info", runtime.BuildInfo);
    }
}
