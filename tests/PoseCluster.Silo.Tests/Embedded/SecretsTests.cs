using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Tests.Infrastructure;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Silo.Tests.Embedded;

/// <summary>Camera credentials never leave the store except to open the stream: not in logs, metrics, the stream or the API.</summary>
[Collection(EmbeddedCollection.Name)]
public sealed class SecretsTests
{
    private const string UrlPassword = "S3cretPw-in-url";
    private const string GivenPassword = "An0ther-S3cret";
    private readonly ITestOutputHelper _output;

    public SecretsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Camera_credentials_never_appear_in_logs_metrics_the_stream_or_the_api()
    {
        var store = Path.Combine(SiloTestAssets.TempDirectory(), "cluster.db");
        var logs = new LogSink(_output);
        var options = InProcessSilo.TestOptions("guarded", store, SiloTestAssets.KeyFile());
        options.Camera.InitialBackoff = TimeSpan.FromMilliseconds(100);
        options.Camera.MaxBackoff = TimeSpan.FromMilliseconds(400);
        options.DataPlaneKey = "data-plane-key-0123456789";
        await using var silo = await InProcessSilo.StartAsync(options, logs);
        silo.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.DataPlaneKey);
        await using var admin = await InProcessSilo.OpenStoreAsync(store);
        var inUrl = await admin.AddCameraAsync(
            new CameraDefinition { Name = "gate", SourceUrl = $"rtsp://admin:{UrlPassword}@127.0.0.1:1/live", TargetFps = 5 }, CancellationToken.None);
        var given = await admin.AddCameraAsync(
            new CameraDefinition { Name = "yard", SourceUrl = "http://127.0.0.1:1/mjpeg", Credentials = new CameraCredentials("operator", GivenPassword), TargetFps = 5 },
            CancellationToken.None);
        await using var stream = await StreamClient.ConnectAsync(silo.BaseAddress, silo.Name, query: null, bearer: options.DataPlaneKey);
        await Eventually.WaitAsync(
            () => new[] { inUrl.Id, given.Id }.All(id => stream.Messages.Count(m => m.Camera == id && m.State == "stalled") >= 2),
            TimeSpan.FromSeconds(20),
            "both cameras reported stalled twice");

        var texts = new List<(string Where, string Text)>
        {
            ("logs", string.Join('\n', logs.Lines)),
            ("stream", string.Join('\n', stream.Messages.Select(m => m.Json))),
            ("metrics", await silo.MetricsAsync()),
            ("cameras", await silo.Http.GetStringAsync("/cameras")),
            ("health", await silo.Http.GetStringAsync("/health")),
            ("node", await silo.Http.GetStringAsync("/node")),
        };
        Assert.Contains("127.0.0.1:1/live", texts[1].Text, StringComparison.Ordinal);
        foreach (var (where, text) in texts)
        {
            foreach (var secret in new[] { UrlPassword, GivenPassword, options.DataPlaneKey })
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} shows a secret");
            }
        }

        // Without the key, the data plane refuses.
        using var anonymous = new HttpClient { BaseAddress = new Uri(silo.BaseAddress) };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cameras")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
    }
}
