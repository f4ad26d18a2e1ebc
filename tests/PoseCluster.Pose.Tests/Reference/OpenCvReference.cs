using System.Diagnostics;
using System.Globalization;

namespace PoseCluster.Pose.Tests.Reference;

/// <summary>Runs Reference/opencv_reference.py (Debian python3-opencv) to get independent expected outputs.</summary>
internal static class OpenCvReference
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "Reference", "opencv_reference.py");

    public static float[] Run(string mode, byte[] input, params object[] parameters) => Run(mode, (ReadOnlySpan<byte>)input, parameters);

    public static float[] Run(string mode, float[] input, params object[] parameters) =>
        Run(mode, System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan()), parameters);

    private static float[] Run(string mode, ReadOnlySpan<byte> input, object[] parameters)
    {
        var dir = TestAssets.TempDirectory();
        var inPath = Path.Combine(dir, "in.raw");
        var outPath = Path.Combine(dir, "out.raw");
        File.WriteAllBytes(inPath, input.ToArray());
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add(mode);
        psi.ArgumentList.Add(inPath);
        psi.ArgumentList.Add(outPath);
        foreach (var p in parameters)
        {
            psi.ArgumentList.Add(Convert.ToString(p, CultureInfo.InvariantCulture)!);
        }

        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"reference script failed: {error}");
        var bytes = File.ReadAllBytes(outPath);
        Directory.Delete(dir, recursive: true);
        var result = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
        return result;
    }
}
