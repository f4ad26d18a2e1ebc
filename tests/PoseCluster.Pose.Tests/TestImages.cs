using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using PoseCluster.Pose.Imaging;

namespace PoseCluster.Pose.Tests;

/// <summary>Test images: PNGs decoded with an ffmpeg subprocess (no image decoder in the engine yet) and the eval set's ground truth.</summary>
internal static class TestImages
{
    /// <summary>Decodes a PNG to RGB (size from the IHDR chunk).</summary>
    public static RgbImage LoadPng(string path)
    {
        var header = new byte[24];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20, 4));
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-" })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && buffer.Length == width * height * 3, $"ffmpeg could not decode {path}: {error}");
        return RgbImage.Wrap(buffer.ToArray(), width, height);
    }

    /// <summary>The eval set's images (id, PNG path) and per image its annotated persons' keypoints (x, y, v) x 17.</summary>
    public static (IReadOnlyList<(long Id, string Png)> Images, ILookup<long, float[]> Persons) EvalSet()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestAssets.Media("eval", "person_keypoints.json")));
        var images = doc.RootElement.GetProperty("images").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetInt64(), TestAssets.Media("eval", i.GetProperty("png_file_name").GetString()!)))
            .ToList();
        var persons = doc.RootElement.GetProperty("annotations").EnumerateArray()
            .Select(a => (Id: a.GetProperty("image_id").GetInt64(), Kp: a.GetProperty("keypoints").EnumerateArray().Select(v => v.GetSingle()).ToArray()))
            .ToLookup(a => a.Id, a => a.Kp);
        return (images, persons);
    }

    /// <summary>Mean distance between the GT keypoints marked visible/labelled and the pose's keypoints with a score above 0.</summary>
    public static double MeanDistance(float[] groundTruth, in PersonPose pose)
    {
        double sum = 0;
        var n = 0;
        for (var k = 0; k < CocoKeypoints.Count; k++)
        {
            if (groundTruth[(3 * k) + 2] > 0 && pose.Keypoints[k].Score > 0)
            {
                sum += Math.Sqrt(Math.Pow(groundTruth[3 * k] - pose.Keypoints[k].X, 2) + Math.Pow(groundTruth[(3 * k) + 1] - pose.Keypoints[k].Y, 2));
                n++;
            }
        }

        return n == 0 ? double.PositiveInfinity : sum / n;
    }
}
