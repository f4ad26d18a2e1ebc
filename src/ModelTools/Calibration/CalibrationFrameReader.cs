using System.Diagnostics;
using System.Globalization;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.ModelTools.Calibration;

/// <summary>
/// Decodes calibration frames from a folder of images and videos with an <c>ffmpeg</c> subprocess (the engine has
/// no image or video decoder of its own): images give one frame each, videos frames spread evenly over their length.
/// </summary>
public static class CalibrationFrameReader
{
    /// <summary>Image file extensions read.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Video file extensions read.</summary>
    public static IReadOnlyList<string> VideoExtensions { get; } = [".mp4", ".avi", ".mkv", ".mov", ".webm"];

    /// <summary>
    /// Reads up to <paramref name="count"/> frames from the images and videos under <paramref name="directory"/>
    /// (recursively): at most half from still images, the rest shared evenly by the videos, interleaved by source.
    /// </summary>
    public static List<RgbImage> Read(string directory, int count, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Calibration folder '{directory}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var images = files.Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToList();
        var videos = files.Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToList();
        if (images.Count + videos.Count == 0)
        {
            throw new ArgumentException(
                $"Calibration folder '{directory}' has no images ({string.Join(", ", ImageExtensions)}) or videos ({string.Join(", ", VideoExtensions)}).");
        }

        var imageQuota = videos.Count == 0 ? Math.Min(count, images.Count) : Math.Min(images.Count, count / 2);
        var perVideo = videos.Count == 0 ? 0 : (int)Math.Ceiling((count - imageQuota) / (double)videos.Count);
        var sources = new List<List<RgbImage>>();
        if (imageQuota > 0)
        {
            var step = images.Count / (double)imageQuota;
            sources.Add(Enumerable.Range(0, imageQuota).Select(i => DecodeFrames(images[(int)(i * step)], 1, cancellationToken)[0]).ToList());
        }

        foreach (var video in videos)
        {
            sources.Add(DecodeFrames(video, perVideo, cancellationToken));
        }

        // Interleave so that a smaller count still sees every source.
        var frames = new List<RgbImage>(count);
        for (var i = 0; frames.Count < count && sources.Any(s => i < s.Count); i++)
        {
            foreach (var s in sources.Where(s => i < s.Count))
            {
                if (frames.Count < count)
                {
                    frames.Add(s[i]);
                }
                else
                {
                    s[i].Dispose();
                }
            }
        }

        return frames;
    }

    /// <summary>Decodes up to <paramref name="maxFrames"/> frames spread evenly over a video (or the one frame of an image).</summary>
    public static List<RgbImage> DecodeFrames(string path, int maxFrames, CancellationToken cancellationToken = default)
    {
        var probe = RunTool("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height,nb_frames", "-of", "csv=p=0", path], cancellationToken);
        var parts = System.Text.Encoding.ASCII.GetString(probe).Trim().Split(',');
        if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var width) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var height))
        {
            throw new InvalidDataException($"ffprobe found no video stream in '{path}'.");
        }

        var total = parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0;
        var step = total > maxFrames ? total / maxFrames : 1;
        List<string> args = ["-v", "error", "-i", path];
        if (step > 1)
        {
            args.AddRange(["-vf", string.Create(CultureInfo.InvariantCulture, $"select=not(mod(n\\,{step}))"), "-fps_mode", "passthrough"]);
        }

        args.AddRange(["-frames:v", maxFrames.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]);
        var raw = RunTool("ffmpeg", args, cancellationToken);
        var frameBytes = width * height * 3;
        var frames = new List<RgbImage>();
        for (var offset = 0; offset + frameBytes <= raw.Length; offset += frameBytes)
        {
            frames.Add(RgbImage.Wrap(raw.AsSpan(offset, frameBytes).ToArray(), width, height));
        }

        return frames.Count > 0 ? frames : throw new InvalidDataException($"ffmpeg decoded no frame from '{path}'.");
    }

    private static byte[] RunTool(string tool, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FileNotFoundException($"{tool} is required to decode calibration frames (apt-get install ffmpeg; `./posecluster setup` installs it).", tool, e);
        }

        using (process)
        {
            using var output = new MemoryStream();
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidDataException($"{tool} failed on {string.Join(' ', info.ArgumentList)}: {stderr.Result.Trim()}");
            }

            return output.ToArray();
        }
    }
}
