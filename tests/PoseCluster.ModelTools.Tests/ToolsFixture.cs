using PoseCluster.Pose;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.ModelTools.Tests;

/// <summary>The catalog, one session cache and the runtime, shared by the tests of a collection.</summary>
public sealed class ToolsFixture : IDisposable
{
    public ToolsFixture()
    {
        Catalog = ModelCatalog.Load();
        Sessions = new ModelSessionCache(Catalog, new OnnxRuntimeOptions { IntraOpThreads = 1 });
    }

    public ModelCatalog Catalog { get; }

    public ModelSessionCache Sessions { get; }

    public OnnxRuntime Runtime => Sessions.Runtime;

    /// <summary>The shared folder (media): POSECLUSTER_SHARED or ../shared beside the checkout.</summary>
    public static string Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("POSECLUSTER_SHARED");
            return string.IsNullOrWhiteSpace(env) ? Path.GetFullPath(Path.Combine(PoseClusterHome.RequireRoot(), "..", "shared")) : env;
        }
    }

    /// <summary>Calibration frames: the PETS-like PNG frames (never the evaluation set).</summary>
    public static string CalibrationFrames => Path.Combine(Shared, "media", "video", "pets2009_like_frames");

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "posecluster-tools-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose() => Sessions.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ToolsCollection : ICollectionFixture<ToolsFixture>
{
    public const string Name = "tools";
}
