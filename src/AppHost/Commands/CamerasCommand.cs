using System.CommandLine;
using System.Globalization;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Placement;
using PoseCluster.Cluster.Registry;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Cluster.Store;
using PoseCluster.Pose.Pipelines;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.AppHost.Commands;

/// <summary>
/// <c>posecluster cameras add|list|remove</c>: the camera registry, usable before the gateway exists. Credentials are
/// split out of the URL (or taken from <c>--username</c> and <c>--password-env</c>), stored encrypted and never printed.
/// </summary>
internal static class CamerasCommand
{
    public static Command Create()
    {
        var command = new Command("cameras", "Register, list and remove cameras in the cluster store.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Option<string?> StoreOption() => new("--store")
    {
        Description = $"Cluster store: PostgreSQL connection string or postgres:// URL, or an SQLite file (default: {StoreAddress.EnvironmentVariable}, else .posecluster/cluster.db).",
    };

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "Unique camera name." };
        var source = new Option<string>("--source", "-s") { Description = "rtsp://, http(s):// URL, a video file, or replay://PATH (a simulated camera).", Required = true };
        var user = new Option<string?>("--username") { Description = "Camera user name (or put user:password@ in the URL)." };
        var passwordEnv = new Option<string?>("--password-env") { Description = "Name of an environment variable holding the camera password." };
        var password = new Option<string?>("--password") { Description = "Camera password (prefer --password-env: command lines are visible to other users)." };
        var fps = new Option<double>("--fps") { Description = "Target frames per second.", DefaultValueFactory = _ => 10 };
        var pipeline = new Option<string>("--pipeline", "-p")
        {
            Description = $"Pipeline: auto, {string.Join(", ", PosePipelineFactory.Names.Order(StringComparer.Ordinal))}.",
            DefaultValueFactory = _ => PipelineCatalog.Auto,
        };
        var requires = new Option<string>("--requires") { Description = "Node class the camera needs: any, gpu or nuc.", DefaultValueFactory = _ => "any" };
        var site = new Option<string?>("--site") { Description = "Site name (created when new)." };
        var disabled = new Option<bool>("--disabled") { Description = "Register without processing it." };
        var store = StoreOption();
        var command = new Command("add", "Register a camera.") { name, source, user, passwordEnv, password, fps, pipeline, requires, site, disabled, store };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var pipelineName = parse.GetValue(pipeline)!;
                if (!string.Equals(pipelineName, PipelineCatalog.Auto, StringComparison.OrdinalIgnoreCase) && !PosePipelineFactory.Names.Contains(pipelineName))
                {
                    throw new ArgumentException($"Unknown pipeline '{pipelineName}'. Pipelines: auto, {string.Join(", ", PosePipelineFactory.Names.Order(StringComparer.Ordinal))}.");
                }

                var secret = parse.GetValue(passwordEnv) is { } variable
                    ? Environment.GetEnvironmentVariable(variable) ?? throw new ArgumentException($"The environment variable {variable} (--password-env) is not set.")
                    : parse.GetValue(password);
                var userName = parse.GetValue(user);
                if (secret is not null && userName is null)
                {
                    throw new ArgumentException("A password needs --username.");
                }

                await using var registry = await OpenAsync(parse.GetValue(store), token);
                Guid? siteId = null;
                if (parse.GetValue(site) is { } siteName)
                {
                    var existing = (await registry.ListSitesAsync(token)).FirstOrDefault(s => s.Name == siteName);
                    siteId = (existing ?? await registry.AddSiteAsync(siteName, token)).Id;
                }

                var camera = await registry.AddCameraAsync(
                    new CameraDefinition
                    {
                        Name = parse.GetValue(name)!,
                        SourceUrl = parse.GetValue(source)!,
                        Credentials = userName is null ? null : new CameraCredentials(userName, secret ?? ""),
                        TargetFps = parse.GetValue(fps),
                        Pipeline = pipelineName,
                        RequiredClass = WireNames.ParseRequirement(parse.GetValue(requires)!),
                        SiteId = siteId,
                        Enabled = !parse.GetValue(disabled),
                    },
                    token);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"added camera {camera.Name} ({camera.Id}): {camera.SourceUrl}{(camera.HasCredentials ? " (credentials stored encrypted)" : "")}, {camera.TargetFps} fps, pipeline {camera.Pipeline}, requires {WireNames.Of(camera.RequiredClass)}"));
                return 0;
            },
            ct));
        return command;
    }

    private static Command List()
    {
        var store = StoreOption();
        var command = new Command("list", "List the cameras with their placement.") { store };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                await using var registry = await OpenAsync(parse.GetValue(store), token);
                var cameras = await registry.ListCamerasAsync(null, token);
                var sites = (await registry.ListSitesAsync(token)).ToDictionary(s => s.Id, s => s.Name);
                var silos = (await registry.ListSilosAsync(true, token)).ToDictionary(s => s.Id, s => s.Name);
                var assignments = (await registry.ListAssignmentsAsync(null, token)).ToDictionary(a => a.Grain);
                var rows = new List<string[]> { new[] { "NAME", "ID", "SITE", "SOURCE", "FPS", "PIPELINE", "REQUIRES", "ENABLED", "PLACEMENT" } };
                foreach (var c in cameras)
                {
                    var placement = !c.Enabled ? "disabled"
                        : !assignments.TryGetValue(Cluster.Grains.GrainId.ForCamera(c.Id), out var a) ? "pending"
                        : a.SiloId is { } silo ? $"{silos.GetValueOrDefault(silo, silo.ToString("D")[..8])} (epoch {a.Epoch})"
                        : $"unplaced: {a.UnplacedReason}";
                    rows.Add(
                    [
                        c.Name, c.Id.ToString("D"), c.SiteId is { } s ? sites.GetValueOrDefault(s, "?") : "-",
                        c.SourceUrl + (c.HasCredentials ? " (credentials stored)" : ""), c.TargetFps.ToString(CultureInfo.InvariantCulture),
                        c.Pipeline, WireNames.Of(c.RequiredClass), c.Enabled ? "yes" : "no", placement,
                    ]);
                }

                var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
                foreach (var row in rows)
                {
                    Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
                }

                Console.WriteLine($"{cameras.Count} camera(s)");
                return 0;
            },
            ct));
        return command;
    }

    private static Command Remove()
    {
        var camera = new Argument<string>("camera") { Description = "Camera name or id." };
        var store = StoreOption();
        var command = new Command("remove", "Remove a camera (its history stays).") { camera, store };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                await using var registry = await OpenAsync(parse.GetValue(store), token);
                var key = parse.GetValue(camera)!;
                var record = Guid.TryParse(key, out var id) ? await registry.GetCameraAsync(id, token) : await registry.FindCameraAsync(key, token);
                if (record is null || !await registry.DeleteCameraAsync(record.Id, token))
                {
                    throw new ClusterException(ClusterErrorCode.NotFound, $"No camera named '{key}'.");
                }

                Console.WriteLine($"removed camera {record.Name} ({record.Id})");
                return 0;
            },
            ct));
        return command;
    }

    private static async Task<IClusterStore> OpenAsync(string? store, CancellationToken cancellationToken)
    {
        var options = StoreAddress.Parse(store);
        options.ApplicationName = "posecluster-cli";
        return await ClusterStoreFactory.OpenAsync(options, CredentialProtector.FromOptions(new SecretOptions()), cancellationToken: cancellationToken);
    }
}
