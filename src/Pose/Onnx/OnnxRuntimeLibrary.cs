using System.Runtime.InteropServices;

namespace PoseCluster.Pose.Onnx;

/// <summary>Finds and opens the native ONNX Runtime library.</summary>
internal static class OnnxRuntimeLibrary
{
    /// <summary>The file name of the library on Linux.</summary>
    public const string FileName = "libonnxruntime.so.1";

    /// <summary>Candidate paths in search order.</summary>
    public static IEnumerable<string> Candidates(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            yield return explicitPath;
            yield break;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(OnnxRuntimeOptions.LibraryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return fromEnvironment;
        }

        if (PoseClusterHome.Root is not null)
        {
            yield return Path.Combine(PoseClusterHome.RuntimeDirectory, FileName);
        }

        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        yield return FileName;
    }

    public static (nint Handle, string Path) Open(string? explicitPath)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(explicitPath))
        {
            var isBareName = !candidate.Contains('/');
            if (!isBareName && !File.Exists(candidate))
            {
                tried.Add($"{candidate} (missing)");
                continue;
            }

            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return (handle, candidate);
            }

            tried.Add($"{candidate} (could not be loaded)");
        }

        throw new OnnxRuntimeException(
            "The ONNX Runtime native library was not found. Run `./posecluster setup` to install it, or set " +
            $"{OnnxRuntimeOptions.LibraryEnvironmentVariable}. Tried: {string.Join("; ", tried)}.");
    }
}
