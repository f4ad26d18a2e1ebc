using System.Text.Json;

namespace PoseCluster.AppHost.Tests.Tracking;

/// <summary><c>posecluster synth-tracking</c> and <c>eval-tracking</c> through the real CLI.</summary>
public sealed class EvalTrackingCommandTests
{
    [Fact]
    public async Task Eval_tracking_on_the_committed_set_writes_the_documented_stats()
    {
        var stats = Path.Combine(CliProcess.TempDirectory(), "stats.json");
        var run = await CliProcess.RunAsync(["eval-tracking", "--stats", stats]);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("greedy-oks", run.Output);
        Assert.Contains("us per camera frame", run.Output);

        using var doc = JsonDocument.Parse(File.ReadAllText(stats));
        var root = doc.RootElement;
        Assert.Equal(["MOTA", "IDF1", "idsw", "baseline_idsw"], root.EnumerateObject().Take(4).Select(p => p.Name));
        Assert.True(root.GetProperty("IDF1").GetDouble() >= 0.8, File.ReadAllText(stats));
        Assert.True(root.GetProperty("idsw").GetInt32() * 2 <= root.GetProperty("baseline_idsw").GetInt32(), File.ReadAllText(stats));
        Assert.True(root.GetProperty("MOTA").GetDouble() > root.GetProperty("baseline_MOTA").GetDouble());
    }

    [Fact]
    public async Task Synth_tracking_writes_sequences_that_eval_tracking_reads()
    {
        var dir = CliProcess.TempDirectory();
        var synth = await CliProcess.RunAsync(["synth-tracking", "--out", dir, "--count", "2", "--frames", "60"]);
        Assert.True(synth.ExitCode == 0, synth.All);
        Assert.Equal(2, Directory.GetFiles(dir, "*.json").Length);

        var eval = await CliProcess.RunAsync(["eval-tracking", "--sequences", dir, "--similarity", "Oks"]);
        Assert.True(eval.ExitCode == 0, eval.All);
        Assert.Contains("2 sequences, 120 frames", eval.Output);
    }

    [Fact]
    public async Task Bad_input_fails_with_a_clear_message()
    {
        var missing = await CliProcess.RunAsync(["eval-tracking", "--sequences", "/nonexistent/folder"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);

        var tracker = await CliProcess.RunAsync(["eval-tracking", "--tracker", "sort"]);
        Assert.Equal(2, tracker.ExitCode);
        Assert.Contains("Unknown tracker", tracker.Error);
    }
}
