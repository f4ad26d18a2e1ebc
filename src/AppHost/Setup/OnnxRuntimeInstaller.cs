using System.Formats.Tar;
using System.IO.Compression;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Setup;

/// <summary>
/// Installs ONNX Runtime's native library from the npm package <c>onnxruntime-node</c> (its tarball carries
/// <c>libonnxruntime.so.1</c>; no install script is run, nothing else of the package is kept).
/// </summary>
internal static class OnnxRuntimeInstaller
{
    /// <summary>The pinned package version.</summary>
    public const string PackageVersion = "1.30.0";

    private const string LibraryEntry = "package/bin/napi-v6/linux/x64/libonnxruntime.so.1";

    /// <summary>Where the library is installed.</summary>
    public static string LibraryPath => Path.Combine(PoseClusterHome.RuntimeDirectory, "libonnxruntime.so.1");

    /// <summary>Whether the library is installed.</summary>
    public static bool IsInstalled => File.Exists(LibraryPath);

    /// <summary>Installs the library when missing.</summary>
    public static async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (IsInstalled)
        {
            return;
        }

        if (!ExternalProcess.OnPath("npm"))
        {
            throw new SetupException("npm is needed to fetch ONNX Runtime (package onnxruntime-node); install Node.js/npm (apt-get install npm).");
        }

        var cache = Path.Combine(PoseClusterHome.RequireRoot(), ".posecluster", "cache");
        Directory.CreateDirectory(cache);
        Console.WriteLine($"setup: fetching onnxruntime-node@{PackageVersion} (native library only)");
        var pack = await ExternalProcess.RunAsync(
            "npm", ["pack", $"onnxruntime-node@{PackageVersion}", "--pack-destination", cache, "--silent"], TimeSpan.FromMinutes(10), workingDirectory: cache, cancellationToken: cancellationToken);
        var tarball = Path.Combine(cache, $"onnxruntime-node-{PackageVersion}.tgz");
        if (pack.ExitCode != 0 || !File.Exists(tarball))
        {
            throw new SetupException($"npm pack onnxruntime-node@{PackageVersion} failed ({pack.ExitCode}): {pack.Error.Trim()}");
        }

        Directory.CreateDirectory(PoseClusterHome.RuntimeDirectory);
        var found = false;
        await using (var file = File.OpenRead(tarball))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var reader = new TarReader(gzip))
        {
            while (await reader.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
            {
                if (entry.Name == LibraryEntry && entry.DataStream is not null)
                {
                    var tmp = LibraryPath + ".partial";
                    await using (var output = File.Create(tmp))
                    {
                        await entry.DataStream.CopyToAsync(output, cancellationToken);
                    }

                    File.Move(tmp, LibraryPath, overwrite: true);
                    found = true;
                    break;
                }
            }
        }

        File.Delete(tarball);
        if (!found)
        {
            throw new SetupException($"The onnxruntime-node@{PackageVersion} package holds no {LibraryEntry}.");
        }
    }
}
