using System.CommandLine;
using PoseCluster.Gateway.Auth;

namespace PoseCluster.Gateway;

/// <summary>
/// The gateway's command line, shared by the gateway executable and <c>posecluster gateway</c>. Secrets come from the
/// environment only: <c>POSECLUSTER_ADMIN_PASSWORD</c> (first admin), <c>POSECLUSTER_API_KEY</c> (an admin API key),
/// <c>POSECLUSTER_DATA_PLANE_KEY</c> (the silos' data-plane key), <c>POSECLUSTER_SECRET_KEY</c> (credential key).
/// </summary>
public static class GatewayCommandLine
{
    /// <summary>A command named <paramref name="name"/> that parses the options and runs <paramref name="run"/> with them.</summary>
    public static Command CreateCommand(string name, Func<GatewayOptions, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, "Start the PoseCluster gateway: REST API, live feed and dashboard for a cluster.");
        Configure(command, run);
        return command;
    }

    /// <summary>The root command of the gateway executable.</summary>
    public static RootCommand CreateRoot(Func<GatewayOptions, CancellationToken, Task<int>> run)
    {
        var root = new RootCommand("PoseCluster gateway: REST API, live feed and dashboard for a cluster.");
        Configure(root, run);
        return root;
    }

    private static void Configure(Command command, Func<GatewayOptions, CancellationToken, Task<int>> run)
    {
        var defaults = new GatewayOptions();
        var listen = new Option<string>("--listen") { Description = "Listen URL of the API and dashboard (port 0 picks a free port).", DefaultValueFactory = _ => defaults.Listen };
        var store = new Option<string?>("--store")
        {
            Description = "Cluster store: a PostgreSQL connection string or postgres:// URL, or an SQLite file (default: POSECLUSTER_STORE, else .posecluster/cluster.db).",
        };
        var media = new Option<string[]>("--media")
        {
            Description = $"Folder whose videos may be camera sources (repeatable; default: {GatewayOptions.MediaVariable}, else ../shared/media).",
            AllowMultipleArgumentsPerToken = true,
        };
        var adminUser = new Option<string>("--admin-user") { Description = $"First admin's name, created when the store has no user (password from {GatewayAuthOptions.AdminPasswordVariable}).", DefaultValueFactory = _ => defaults.Auth.AdminUser };
        var queue = new Option<int>("--client-queue") { Description = "Live-feed messages queued per browser before the oldest is dropped.", DefaultValueFactory = _ => defaults.Live.ClientQueueCapacity };
        var keyFile = new Option<string?>("--secret-key-file") { Description = "Credential key file (default: POSECLUSTER_SECRET_KEY, else .posecluster/secret.key)." };
        foreach (var option in new Option[] { listen, store, media, adminUser, queue, keyFile })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            GatewayOptions options;
            try
            {
                options = new GatewayOptions
                {
                    Listen = parse.GetValue(listen)!,
                    Store = parse.GetValue(store),
                    DataPlaneKey = Environment.GetEnvironmentVariable(GatewayOptions.DataPlaneKeyVariable) is { Length: > 0 } key ? key : null,
                };
                if (parse.GetValue(media) is { Length: > 0 } folders)
                {
                    options.MediaFolders = [.. folders.Select(Path.GetFullPath)];
                }

                options.Auth.AdminUser = parse.GetValue(adminUser)!;
                options.Live.ClientQueueCapacity = parse.GetValue(queue);
                if (parse.GetValue(keyFile) is { } file)
                {
                    options.Secrets.KeyFilePath = Path.GetFullPath(file);
                }
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return GatewayHost.UserError;
            }

            return await run(options, cancellationToken).ConfigureAwait(false);
        });
    }
}
