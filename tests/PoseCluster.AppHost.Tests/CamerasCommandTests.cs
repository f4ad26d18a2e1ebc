namespace PoseCluster.AppHost.Tests;

/// <summary><c>posecluster cameras add|list|remove</c> and <c>posecluster silo</c> through the real CLI, on a private SQLite store.</summary>
public sealed class CamerasCommandTests
{
    private const string Password = "Pa55-w0rd-secret";
    private readonly Dictionary<string, string> _environment = new()
    {
        // Every run names its key: none may create one under the checkout's .posecluster folder.
        ["POSECLUSTER_SECRET_KEY"] = Convert.ToBase64String(Enumerable.Range(3, 32).Select(i => (byte)i).ToArray()),
        ["CAMERA_PASSWORD"] = Password,
    };

    [Fact]
    public async Task Cameras_are_added_listed_and_removed_without_ever_printing_credentials()
    {
        var store = Path.Combine(CliProcess.TempDirectory(), "cluster.db");
        var inUrl = await RunAsync("cameras", "add", "gate", "--source", $"rtsp://admin:{Password}@10.1.2.3:554/live", "--fps", "8", "--requires", "gpu", "--site", "north", "--store", store);
        Assert.Equal(0, inUrl.ExitCode);
        Assert.Contains("added camera gate", inUrl.Output, StringComparison.Ordinal);
        Assert.Contains("rtsp://10.1.2.3:554/live (credentials stored encrypted)", inUrl.Output, StringComparison.Ordinal);

        var fromEnvironment = await RunAsync("cameras", "add", "yard", "--source", "http://10.1.2.4/mjpeg", "--username", "operator", "--password-env", "CAMERA_PASSWORD", "--pipeline", "topdown", "--store", store);
        Assert.Equal(0, fromEnvironment.ExitCode);

        var list = await RunAsync("cameras", "list", "--store", store);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("gate", list.Output, StringComparison.Ordinal);
        Assert.Contains("north", list.Output, StringComparison.Ordinal);
        Assert.Contains("gpu", list.Output, StringComparison.Ordinal);
        Assert.Contains("yard", list.Output, StringComparison.Ordinal);
        Assert.Contains("2 camera(s)", list.Output, StringComparison.Ordinal);

        var unknown = await RunAsync("cameras", "add", "odd", "--source", "rtsp://10.1.2.5/x", "--pipeline", "magic", "--store", store);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("error: Unknown pipeline 'magic'", unknown.Error, StringComparison.Ordinal);

        var duplicate = await RunAsync("cameras", "add", "gate", "--source", "rtsp://10.1.2.6/x", "--store", store);
        Assert.Equal(2, duplicate.ExitCode);
        Assert.StartsWith("error: ", duplicate.Error, StringComparison.Ordinal);

        var removed = await RunAsync("cameras", "remove", "gate", "--store", store);
        Assert.Equal(0, removed.ExitCode);
        var after = await RunAsync("cameras", "list", "--store", store);
        Assert.DoesNotContain("gate", after.Output, StringComparison.Ordinal);
        Assert.Contains("1 camera(s)", after.Output, StringComparison.Ordinal);
        var missing = await RunAsync("cameras", "remove", "gate", "--store", store);
        Assert.Equal(2, missing.ExitCode);

        foreach (var result in new[] { inUrl, fromEnvironment, list, unknown, duplicate, removed, after, missing })
        {
            Assert.DoesNotContain(Password, result.All, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_silo_verb_validates_its_options()
    {
        var result = await RunAsync("silo", "--name", "x", "--class", "tpu", "--store", Path.Combine(CliProcess.TempDirectory(), "c.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: Unknown node class 'tpu' (expected gpu or nuc).", result.Error.Trim());
    }

    private Task<CliProcess.Result> RunAsync(params string[] args) => CliProcess.RunAsync(args, TimeSpan.FromSeconds(60), _environment);
}
