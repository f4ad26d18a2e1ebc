using System.Net;
using System.Net.Sockets;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Processes;

/// <summary>A silo started with bad input fails fast with one clear line (exit 2) and never shows a secret.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BadInputTests
{
    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;

    public BadInputTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
    }

    [Fact]
    public async Task An_unreachable_store_fails_fast_naming_it_without_the_password()
    {
        var port = ClosedPort();
        var result = await RunAsync("--name", "lonely", "--store", $"Host=127.0.0.1;Port={port};Username=pc;Password=Sup3r-S3cret;Database=cluster");
        AssertOneClearError(result, $"error: cannot reach the cluster store at 127.0.0.1:{port}");
        Assert.DoesNotContain("Sup3r-S3cret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflicting_node_name_fails_fast()
    {
        var store = await _postgres.Server.CreateDatabaseAsync();
        var key = SiloTestAssets.KeyFile();
        await using var first = await InProcessSilo.StartAsync(InProcessSilo.TestOptions("twin", store, key));
        var result = await RunAsync("--name", "twin", "--store", store, "--secret-key-file", key, "--simulated-cost-ms", "5");
        AssertOneClearError(result, "error: ");
        Assert.Contains("twin", result.Output.Split('\n').Single(l => l.StartsWith("error:", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_cannot_load_fails_fast()
    {
        // A home whose catalog lists the models but has none of their files installed.
        var home = SiloTestAssets.TempDirectory();
        Directory.CreateDirectory(Path.Combine(home, "models"));
        File.Copy(Path.Combine(SiloTestAssets.Root, "models", "catalog.json"), Path.Combine(home, "models", "catalog.json"));
        var result = await RunAsync(new Dictionary<string, string> { ["POSECLUSTER_HOME"] = home }, "--name", "nomodel", "--store", Path.Combine(home, "c.db"));
        AssertOneClearError(result, "error: Model 'yolox-nano-416' is not installed");

        var unknown = await RunAsync("--name", "unknown", "--models", "no-such-model", "--store", Path.Combine(SiloTestAssets.TempDirectory(), "c.db"));
        AssertOneClearError(unknown, "error: Unknown model 'no-such-model'");
    }

    [Theory]
    [InlineData("--class", "tpu", "error: Unknown node class 'tpu' (expected gpu or nuc).")]
    [InlineData("--capacity", "-5", "error: Capacity must be a positive number")]
    [InlineData("--listen", "somewhere", "error: The listen address 'somewhere' must be")]
    [InlineData("--policy", "fastest", "error: Unknown peer selection policy 'fastest'")]
    [InlineData("--max-batch", "0", "error: MaxBatch must be between 1 and 256")]
    public async Task An_invalid_option_fails_fast_with_one_clear_message(string option, string value, string expected)
    {
        var result = await RunAsync("--name", "bad", option, value, "--store", Path.Combine(SiloTestAssets.TempDirectory(), "c.db"));
        AssertOneClearError(result, expected);
    }

    private void AssertOneClearError((int ExitCode, string Output, TimeSpan Elapsed) result, string expectedStart)
    {
        _output.WriteLine($"exit {result.ExitCode} after {result.Elapsed.TotalMilliseconds:0} ms:\n{result.Output}");
        Assert.Equal(2, result.ExitCode);
        var errors = result.Output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("fail:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.StartsWith(expectedStart, errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(15), $"took {result.Elapsed.TotalSeconds:0.0} s");
    }

    private static Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(params string[] arguments) =>
        RunAsync(null, arguments);

    private static Task<(int ExitCode, string Output, TimeSpan Elapsed)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        // Every run names its key file: none may create one under the checkout's .posecluster folder.
        List<string> args = [.. arguments];
        if (!args.Contains("--listen"))
        {
            args.AddRange(["--listen", "http://127.0.0.1:0"]);
        }

        if (!args.Contains("--secret-key-file"))
        {
            args.AddRange(["--secret-key-file", SiloTestAssets.KeyFile()]);
        }

        return SiloProcess.RunToExitAsync(args, environment);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
