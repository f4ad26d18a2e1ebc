using System.Text.Json;

namespace PoseCluster.AppHost.Tests;

/// <summary><c>posecluster eval</c> through the real CLI: results files and pipelines, stats JSON in the documented form.</summary>
public sealed class EvalCommandTests
{
    [Theory]
    [InlineData("td_yolox__dark.json")]
    [InlineData("bu_movenet_mp256x448__all6.json")]
    public async Task Eval_of_a_results_file_equals_pycocotools(string file)
    {
        var stats = Path.Combine(CliProcess.TempDirectory(), "stats.json");
        var result = await CliProcess.RunAsync(["eval", "--results", CliProcess.Media("eval", "cocoeval_vectors", file), "--stats", stats]);
        Assert.True(result.ExitCode == 0, result.All);

        using var expected = JsonDocument.Parse(File.ReadAllText(CliProcess.Media("eval", "cocoeval_vectors", "expected_stats.json")));
        using var actual = JsonDocument.Parse(File.ReadAllText(stats));
        var names = new[] { "AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl" };
        Assert.Equal(names, actual.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var name in names)
        {
            Assert.Equal(expected.RootElement.GetProperty(file).GetProperty(name).GetDouble(), actual.RootElement.GetProperty(name).GetDouble(), 1e-9);
        }
    }

    [Fact]
    public async Task Eval_of_the_topdown_pipeline_writes_coco_results_and_stats()
    {
        var dir = CliProcess.TempDirectory();
        var results = Path.Combine(dir, "results.json");
        var stats = Path.Combine(dir, "stats.json");
        var run = await CliProcess.RunAsync(["eval", "--pipeline", "topdown", "--nms", "classic", "--out", results, "--stats", stats]);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("Average Precision", run.Output);

        using var list = JsonDocument.Parse(File.ReadAllText(results));
        var first = list.RootElement.EnumerateArray().First();
        Assert.Equal(1, first.GetProperty("category_id").GetInt32());
        Assert.Equal(51, first.GetProperty("keypoints").GetArrayLength());

        // Reference AP 0.369 (independent implementation); the acceptance bound is reference - 0.02.
        using var s = JsonDocument.Parse(File.ReadAllText(stats));
        Assert.True(s.RootElement.GetProperty("AP").GetDouble() >= 0.349, File.ReadAllText(stats));
    }
}
