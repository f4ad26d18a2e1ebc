using System.Text.Json.Nodes;
using PoseCluster.Pose;

namespace PoseCluster.AppHost.Tests;

/// <summary>Bad input through the real CLI: a clear one-line error and a non-zero exit, never a hang or a crash dump.</summary>
public sealed class BadInputTests
{
    private static void AssertUserError(CliProcess.Result result, params string[] expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}; output: {result.All}");
        Assert.Contains("error:", result.Error);
        foreach (var text in expected)
        {
            Assert.Contains(text, result.All, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain("Unhandled exception", result.All);
    }

    [Fact]
    public async Task Missing_video_names_the_file()
    {
        var missing = Path.Combine(CliProcess.TempDirectory(), "nowhere.mp4");
        AssertUserError(await CliProcess.RunAsync(["run", "--input", missing, "--no-video"]), "nowhere.mp4");
    }

    [Fact]
    public async Task Truncated_video_is_reported_as_corrupt()
    {
        var dir = CliProcess.TempDirectory();
        var truncated = Path.Combine(dir, "truncated.mp4");
        var bytes = File.ReadAllBytes(CliProcess.Media("video", "pets2009_like_outdoor_480x360_10fps.mp4"));
        File.WriteAllBytes(truncated, bytes.AsSpan(0, 100_000).ToArray());
        var result = await CliProcess.RunAsync(["run", "--input", truncated, "--out", dir, "--no-video"]);
        AssertUserError(result, "truncated.mp4");
    }

    [Fact]
    public async Task A_text_file_is_not_a_video()
    {
        var dir = CliProcess.TempDirectory();
        var fake = Path.Combine(dir, "notes.mp4");
        File.WriteAllText(fake, string.Concat(Enumerable.Repeat("this is a shopping list, not a video\n", 200)));
        AssertUserError(await CliProcess.RunAsync(["run", "--input", fake, "--out", dir, "--no-video"]), "notes.mp4");
    }

    [Fact]
    public async Task A_one_pixel_image_is_too_small()
    {
        var dir = CliProcess.TempDirectory();
        var image = Path.Combine(dir, "dot.png");
        // ffmpeg 5.1's colour source cannot make 1x1 directly (4:2:0): scale a 2x2 one down.
        using (var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "color=c=red:s=2x2", "-vf", "scale=1:1", "-frames:v", "1", "-y", image]))
        {
            await ffmpeg!.WaitForExitAsync();
        }

        AssertUserError(await CliProcess.RunAsync(["run", "--input", image, "--out", dir, "--no-video"]), "1x1", "at least");
    }

    [Fact]
    public async Task Unreachable_rtsp_fails_fast_without_leaking_credentials()
    {
        var port = FreePort();
        var result = await CliProcess.RunAsync(
            ["run", "--input", $"rtsp://operator:s3cret-pw@127.0.0.1:{port}/stream", "--no-video", "--out", CliProcess.TempDirectory()],
            TimeSpan.FromSeconds(60));
        AssertUserError(result, "127.0.0.1");
        Assert.DoesNotContain("s3cret-pw", result.All);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(45), $"took {result.Elapsed}");
    }

    [Fact]
    public async Task Unknown_pipeline_lists_the_known_ones()
    {
        AssertUserError(await CliProcess.RunAsync(["bench", "--pipeline", "no-such-pipeline"]), "Unknown pipeline", "topdown");
    }

    [Fact]
    public async Task Invalid_numbers_are_rejected()
    {
        AssertUserError(await CliProcess.RunAsync(["bench", "--frames", "0"]), "--frames");
    }

    [Fact]
    public async Task Results_file_that_is_not_json_is_rejected()
    {
        var dir = CliProcess.TempDirectory();
        var results = Path.Combine(dir, "results.json");
        File.WriteAllText(results, "[{\"image_id\": 785, \"keypoints\": [1, 2");
        AssertUserError(await CliProcess.RunAsync(["eval", "--results", results]), "results.json");
    }

    [Fact]
    public async Task A_model_whose_checksum_differs_from_the_catalog_is_refused()
    {
        // A private home: the real catalog with one checksum altered, the real model files linked in.
        var home = CliProcess.TempDirectory();
        var models = Path.Combine(home, "models");
        Directory.CreateDirectory(models);
        var realModels = PoseClusterHome.ModelsDirectory;
        foreach (var sub in new[] { "detector", "topdown", "bottomup" })
        {
            Directory.CreateSymbolicLink(Path.Combine(models, sub), Path.Combine(realModels, sub));
        }

        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(realModels, "catalog.json")))!;
        foreach (var m in catalog["models"]!.AsArray())
        {
            if ((string?)m!["id"] == "yolox-nano-416")
            {
                m["sha256"] = new string('a', 64);
            }
        }

        File.WriteAllText(Path.Combine(models, "catalog.json"), catalog.ToJsonString());
        var result = await CliProcess.RunAsync(
            ["eval", "--pipeline", "topdown"],
            environment: new Dictionary<string, string>
            {
                ["POSECLUSTER_HOME"] = home,
                ["POSECLUSTER_ORT_LIBRARY"] = Path.Combine(PoseClusterHome.RuntimeDirectory, "libonnxruntime.so.1"),
                ["POSECLUSTER_SHARED"] = CliProcess.Shared,
            });
        AssertUserError(result, "yolox-nano-416", "sha256");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
