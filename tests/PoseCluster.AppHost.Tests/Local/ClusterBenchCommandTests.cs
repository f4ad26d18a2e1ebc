using System.Text.Json;

namespace PoseCluster.AppHost.Tests.Local;

/// <summary>A short <c>bench cluster</c> run writes its JSON with sane values and leaves no process behind.</summary>
[Collection(LocalClusterCollection.Name)]
public sealed class ClusterBenchCommandTests
{
    private readonly ITestOutputHelper _output;

    public ClusterBenchCommandTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Bench_cluster_with_2_silos_and_8_cameras_scales_fails_over_within_5_s_and_loses_nothing()
    {
        var run = "bench-" + Guid.NewGuid().ToString("N")[..10];
        var dir = CliProcess.TempDirectory();
        var stats = Path.Combine(dir, "cluster.json");
        var result = await CliProcess.RunAsync(
            ["bench", "cluster", "--silos", "2", "--cameras", "8", "--simulated-cost-ms", "20", "--warmup", "2", "--measure", "6", "--kill-one-after", "8",
             "--stats", stats, "--run", run, "--logs", Path.Combine(dir, "logs")],
            TimeSpan.FromSeconds(180));
        _output.WriteLine(result.All);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("replay://", result.Output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(stats));
        var r = json.RootElement;
        double Number(string name) => r.GetProperty(name).GetDouble();
        Assert.True(Number("fps_1") > 0);
        Assert.True(Number("fps_n") > Number("fps_1"), "two silos put out more frames than one");
        Assert.True(Number("scaling") > 1.5, $"scaling {Number("scaling")}");
        Assert.True(Number("drop_rate") < 0.05, $"drop rate {Number("drop_rate")}");
        Assert.True(Number("failover_s") is > 0 and < 5, $"failover {Number("failover_s")} s");
        Assert.Equal(0, r.GetProperty("lost_registrations").GetInt32());
        Assert.Equal(0, r.GetProperty("double_owner_frames").GetInt64());
        Assert.True(r.GetProperty("failover").GetProperty("orphaned_cameras").GetInt32() > 0);
        Assert.Empty(RunProcesses.Of(run));
    }
}
