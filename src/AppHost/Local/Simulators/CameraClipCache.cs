using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PoseCluster.AppHost.Setup;

namespace PoseCluster.AppHost.Local.Simulators;

/// <summary>
/// Encodes each video once for the RTSP simulator and keeps the result: H.264 baseline (no B-frames), a keyframe every
/// second (a camera that joins a running stream shows a picture within a second), an access-unit delimiter before each
/// frame (so the simulator splits frames without a parser), at the simulator's frame rate and height, at most
/// <see cref="MaxSeconds"/> long. Publishing then costs no decoding or encoding at all.
/// </summary>
internal sealed class CameraClipCache
{
    /// <summary>Longest part of a video that is encoded (the loop length).</summary>
    public const int MaxSeconds = 60;

    private readonly string _directory;
    private readonly int _fps;
    private readonly int _height;

    /// <summary>A cache in <paramref name="directory"/> for clips at <paramref name="fps"/> and <paramref name="height"/>.</summary>
    public CameraClipCache(string directory, int fps, int height)
    {
        _directory = directory;
        _fps = fps;
        _height = height;
    }

    /// <summary>The encoded clip of <paramref name="video"/>, encoding it first if it is not cached yet.</summary>
    /// <exception cref="SetupException">ffmpeg is missing or fails.</exception>
    public async Task<CameraClip> GetAsync(string video, CancellationToken cancellationToken)
    {
        var file = new FileInfo(video);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The video '{video}' does not exist.", video);
        }

        // The key changes when the video (path, size, time) or the encoding settings change.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{_fps}|{_height}|{MaxSeconds}|v1"))))[..12];
        var encoded = Path.Combine(_directory, $"{Path.GetFileNameWithoutExtension(video)}-{_height}p{_fps}-{key}.h264");
        if (File.Exists(encoded))
        {
            return new CameraClip(file.FullName, encoded);
        }

        Directory.CreateDirectory(_directory);
        // A file of its own per encoder, so two launchers preparing the same clip never write one file.
        var partial = $"{encoded}.{Guid.NewGuid():N}.partial";
        var height = string.Create(CultureInfo.InvariantCulture, $"{_height}");
        var fps = string.Create(CultureInfo.InvariantCulture, $"{_fps}");
        var result = await ExternalProcess.RunAsync(
            "ffmpeg",
            [
                "-nostdin", "-v", "error", "-y", "-i", file.FullName, "-t", MaxSeconds.ToString(CultureInfo.InvariantCulture), "-an",
                "-vf", $"scale=-2:'min({height},ih)',fps={fps}", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "baseline",
                "-pix_fmt", "yuv420p", "-g", fps, "-keyint_min", fps, "-sc_threshold", "0", "-x264-params", "aud=1", "-f", "h264", partial,
            ],
            TimeSpan.FromMinutes(5),
            cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            File.Delete(partial);
            throw new SetupException(result.ExitCode == 127
                ? "ffmpeg is needed to prepare the simulated cameras: run ./posecluster setup."
                : $"ffmpeg could not encode '{video}' for the camera simulator: {result.Error.Trim()}");
        }

        File.Move(partial, encoded, overwrite: true);
        return new CameraClip(file.FullName, encoded);
    }
}
