using System.Diagnostics;
using PoseCluster.Pose;
using PoseCluster.Pose.Imaging;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;

namespace PoseCluster.Benchmarks;

/// <summary>Shared setup: the installed models, the shared media, frames decoded by ffmpeg, helper models built by python3-onnx.</summary>
internal static class BenchmarkAssets
{
    public const string CrowdVideo = "crowd_topview_1280x720_50fps.avi";

    public static string Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("POSECLUSTER_SHARED");
            return string.IsNullOrWhiteSpace(env) ? Path.GetFullPath(Path.Combine(PoseClusterHome.RequireRoot(), "..", "shared")) : env;
        }
    }

    public static ModelSessionCache Sessions(int threads = 1) =>
        new(ModelCatalog.Load(), new OnnxRuntimeOptions { IntraOpThreads = threads });

    /// <summary>Frame <paramref name="index"/> of a shared video as RGB (ffmpeg).</summary>
    public static RgbImage VideoFrame(string video, int index, int width, int height)
    {
        var path = Path.Combine(Shared, "media", "video", video);
        var bytes = Run("ffmpeg", ["-v", "error", "-i", path, "-vf", $"select=eq(n\\,{index})", "-vframes", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        if (bytes.Length != width * height * 3)
        {
            throw new InvalidDataException($"ffmpeg returned {bytes.Length} bytes for a {width}x{height} frame of {path}.");
        }

        return RgbImage.Wrap(bytes, width, height);
    }

    /// <summary>Runs a python3 helper script shipped beside the benchmarks (Debian's python3-onnx / numpy).</summary>
    public static void Python(string script, params string[] args)
    {
        Run("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, script), .. args]);
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "posecluster-bench");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static byte[] Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {stderr.Result}");
        }

        return output.ToArray();
    }
}
