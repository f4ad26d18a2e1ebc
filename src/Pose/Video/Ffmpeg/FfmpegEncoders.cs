using System.Collections.Concurrent;
using System.Diagnostics;

namespace PoseCluster.Pose.Video.Ffmpeg;

/// <summary>Which video encoders an ffmpeg build has (asked once per executable with <c>ffmpeg -encoders</c>).</summary>
internal static class FfmpegEncoders
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlySet<string>>> Known = new(StringComparer.Ordinal);

    /// <summary>The preferred encoder available: libx264 (H.264 plays everywhere), else ffmpeg's built-in mpeg4.</summary>
    public static string Preferred(string ffmpegPath) => Has(ffmpegPath, "libx264") ? "libx264" : "mpeg4";

    /// <summary>Whether <paramref name="ffmpegPath"/> can encode with <paramref name="encoder"/>.</summary>
    public static bool Has(string ffmpegPath, string encoder) =>
        Known.GetOrAdd(ffmpegPath, static path => new Lazy<IReadOnlySet<string>>(() => List(path))).Value.Contains(encoder);

    private static IReadOnlySet<string> List(string ffmpegPath)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ffmpegPath, ["-hide_banner", "-encoders"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return names;
            }

            _ = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return names;
            }

            // Lines look like " V....D libx264   libx264 H.264 / AVC ...": flags, then the name.
            foreach (var line in output.Result.Split('\n'))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[0].Length == 6 && parts[0][0] == 'V')
                {
                    names.Add(parts[1]);
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No ffmpeg: the writer's own start reports that clearly.
        }

        return names;
    }
}
