using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using PoseCluster.AppHost.Setup;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Cluster.Sites;
using PoseCluster.Cluster.Zones;
using PoseCluster.Gateway;
using PoseCluster.Gateway.Cameras;
using PoseCluster.Pose;
using PoseCluster.Silo;

using PoseCluster.AppHost.Local;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster demo</c>: the embedded single node. One process hosts the gateway (API + dashboard on 127.0.0.1:PORT),
/// one silo and an SQLite store under <c>.posecluster/demo</c>; on first start it registers demo cameras that replay the
/// shared videos as live streams (<c>replay://</c>), with a zone each. It prints the dashboard URL and runs until Ctrl+C.
/// </summary>
internal static class DemoCommand
{

    /// <summary>The demo cameras: name, shared video, zone (name and polygon in normalised coordinates).</summary>
    private static readonly (string Name, string Video, string Zone, ZonePoint[] Polygon)[] Cameras =
    [
        ("plaza-north", "video/pets2009_like_outdoor_480x360_10fps.mp4", "crossing", [new(0.05, 0.45), new(0.95, 0.45), new(0.95, 0.98), new(0.05, 0.98)]),
        ("concourse", "video/crowd_topview_1280x720_50fps.avi", "centre", [new(0.25, 0.2), new(0.75, 0.2), new(0.75, 0.8), new(0.25, 0.8)]),
        ("street", "video/mmpose_demo_street_960x540_5frames.mp4", "sidewalk", [new(0.0, 0.5), new(1.0, 0.5), new(1.0, 1.0), new(0.0, 1.0)]),
    ];

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port of the dashboard and API on 127.0.0.1 (0 = a free port).", DefaultValueFactory = _ => 8080 };
        var cameras = new Option<int>("--cameras") { Description = "Demo cameras registered on first start (they cycle through the shared videos).", DefaultValueFactory = _ => Cameras.Length };
        var fps = new Option<double>("--fps") { Description = "Frames per second of each demo camera.", DefaultValueFactory = _ => 3 };
        var simulated = new Option<double>("--simulated-cost-ms") { Description = "Simulate inference at this many ms per frame instead of running the models (0 = real models).", DefaultValueFactory = _ => 0 };
        var scene = new Option<string?>("--simulated-scene") { Description = "With --simulated-cost-ms, every camera reports a scripted scene (fall, crowd) and the demo site is calibrated for it: try the site view and events without a real fall." };
        var data = new Option<string?>("--data") { Description = "Folder of the demo's SQLite store and admin password (default: .posecluster/demo)." };
        var reset = new Option<bool>("--reset") { Description = "Start from an empty store (cameras, users and history of earlier runs are removed)." };
        var modelsFrom = CommonOptions.ModelsFrom();
        var command = new Command("demo", "Run the embedded single-node demo: gateway + one silo + SQLite, demo cameras replaying the shared videos; prints the dashboard URL.")
        {
            port, cameras, fps, simulated, scene, data, reset, modelsFrom,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var cameraCount = parse.GetValue(cameras);
                var rate = parse.GetValue(fps);
                if (cameraCount is < 0 or > 200)
                {
                    throw new ArgumentException("--cameras must be between 0 and 200.");
                }

                if (!double.IsFinite(rate) || rate <= 0 || rate > 30)
                {
                    throw new ArgumentException("--fps must be above 0 and at most 30.");
                }

                if (parse.GetValue(port) is < 0 or > 65535)
                {
                    throw new ArgumentException("--port must be between 0 and 65535.");
                }

                await EnvironmentSetup.EnsureAsync(SetupProfile.Runtime, parse.GetValue(modelsFrom), token);
                var folder = Path.GetFullPath(parse.GetValue(data) ?? Path.Combine(PoseClusterHome.RequireRoot(), ".posecluster", "demo"));
                if (parse.GetValue(reset) && Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.CreateDirectory(folder);
                var store = "sqlite:" + Path.Combine(folder, "cluster.db");
                var media = SharedMedia.Root is { } shared ? Path.Combine(shared, "media") : null;
                var (password, passwordSource) = AdminPasswordFile.Resolve(folder);
                return await RunAsync(parse.GetValue(port), store, media, password, passwordSource, cameraCount, rate, parse.GetValue(simulated), parse.GetValue(scene), token);
            },
            ct));
        return command;
    }

    private static async Task<int> RunAsync(int port, string store, string? media, string password, string passwordSource, int cameraCount, double fps, double simulatedCostMs, string? scene, CancellationToken token)
    {
        var silo = new SiloOptions
        {
            NodeName = "demo",
            Listen = "http://127.0.0.1:0",
            Store = store,
            SimulatedCostMs = simulatedCostMs,
            SimulatedScene = scene,
            Capacity = 1000,
        };
        silo.Validate();
        // Replayed clips are held decoded in memory: scale the large ones down.
        silo.Camera.FrameWidth = 480;
        var gateway = new GatewayOptions
        {
            Listen = $"http://127.0.0.1:{port}",
            Store = store,
            MediaFolders = media is null ? [] : [media],
        };
        gateway.Auth.AdminPassword = password;

        await using var siloApp = SiloHost.Build(silo);
        try
        {
            await siloApp.StartAsync(token);
        }
        catch (Exception e) when (GatewayHost.IsStartupError(e) || e is Pose.Models.ModelCatalogException or Pose.Onnx.OnnxRuntimeException)
        {
            await Console.Error.WriteLineAsync($"error: the demo node did not start: {Message(e)}");
            return CommandRunner.UserError;
        }

        await using var gatewayApp = GatewayHost.Build(gateway);
        try
        {
            await gatewayApp.StartAsync(token);
        }
        catch (Exception e) when (GatewayHost.IsStartupError(e))
        {
            await Console.Error.WriteLineAsync($"error: the gateway did not start: {Message(e)}");
            await siloApp.StopAsync(CancellationToken.None);
            return CommandRunner.UserError;
        }

        var seeded = await SeedAsync(store, media, cameraCount, fps, scene is not null, token);
        var url = gatewayApp.Urls.First().TrimEnd('/') + "/";
        Console.WriteLine();
        Console.WriteLine($"PoseCluster demo: gateway + node 'demo' ({(simulatedCostMs > 0 ? $"simulated inference, {simulatedCostMs} ms/frame{(scene is null ? "" : $", scene '{scene}'")}" : "real models")}) + SQLite {store["sqlite:".Length..]}");
        if (seeded > 0)
        {
            Console.WriteLine($"registered {seeded} demo camera(s) replaying {media}/video at {fps.ToString(CultureInfo.InvariantCulture)} fps");
        }

        Console.WriteLine($"dashboard: {url}");
        Console.WriteLine($"login:     {gateway.Auth.AdminUser} (password {passwordSource})");
        Console.WriteLine($"api:       {url}api/cameras (OpenAPI {url}api/openapi.json; an API key in POSECLUSTER_API_KEY works as X-Api-Key)");
        Console.WriteLine("Ctrl+C stops the demo.");
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("stopping...");
        await gatewayApp.StopAsync(CancellationToken.None);
        await siloApp.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Registers the demo site, cameras and zones when the store has no camera yet.</summary>
    private static async Task<int> SeedAsync(string store, string? media, int count, double fps, bool calibrateForScene, CancellationToken token)
    {
        if (media is null || count == 0)
        {
            return 0;
        }

        var options = ClusterStoreAddress.Parse(store);
        options.ApplicationName = "posecluster-demo";
        await using var registry = await ClusterStoreFactory.OpenAsync(options, CredentialProtector.FromOptions(new SecretOptions()), cancellationToken: token);
        if ((await registry.ListCamerasAsync(null, token)).Count > 0)
        {
            return 0;
        }

        var site = (await registry.ListSitesAsync(token)).FirstOrDefault(s => s.Name == "Demo plaza") ?? await registry.AddSiteAsync("Demo plaza", token);
        var added = 0;
        for (var i = 0; i < count; i++)
        {
            var (name, video, zone, polygon) = Cameras[i % Cameras.Length];
            var path = Path.Combine(media, video);
            if (!File.Exists(path))
            {
                continue;
            }

            var camera = await registry.AddCameraAsync(
                new CameraDefinition
                {
                    Name = i < Cameras.Length ? name : $"{name}-{i / Cameras.Length + 1}",
                    SourceUrl = "replay://" + path,
                    SiteId = site.Id,
                    TargetFps = fps,
                },
                token);
            await registry.AddZoneAsync(camera.Id, new ZoneDefinition { Name = zone, Polygon = polygon }, token);
            if (calibrateForScene)
            {
                await registry.SetCalibrationAsync(camera.Id, CalibrationFit.Fit(Grains.Inference.SimulatedFallScene.Calibration), token);
            }

            added++;
        }

        if (calibrateForScene && added > 0)
        {
            // Where the scripted person walks, falls and lies: entering counts, staying 20 s is loitering.
            await registry.AddSiteZoneAsync(site.Id, new SiteZoneDefinition
            {
                Name = "walkway", LoiteringSeconds = 20,
                Polygon = [new ZonePoint(-0.5, 5), new ZonePoint(1.5, 5), new ZonePoint(1.5, 7), new ZonePoint(-0.5, 7)],
            }, token);
        }

        return added;
    }

    private static string Message(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Message(a.InnerExceptions[0]) : e.Message;
}
