using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster;
using PoseCluster.Pose.Models;
using PoseCluster.Pose.Onnx;
using PoseCluster.ServiceDefaults;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo;

/// <summary>Builds and runs a silo web host (used by the silo executable, <c>posecluster silo</c> and in-process tests).</summary>
public static class SiloHost
{
    /// <summary>Exit code for bad input (invalid option, unreachable store, name conflict, unloadable model).</summary>
    public const int UserError = 2;

    /// <summary>The silo host: service defaults, the silo's services, its endpoints.</summary>
    public static WebApplication Build(SiloOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSiloListenAddress(options);
        builder.AddServiceDefaults();
        builder.AddSiloServices(options);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSiloApi();
        return app;
    }

    /// <summary>
    /// Runs a silo until <paramref name="cancellationToken"/> fires (or SIGINT/SIGTERM), then leaves the cluster
    /// gracefully. A start-up failure prints one line (<c>error: ...</c>, never a secret) and returns <see cref="UserError"/>.
    /// </summary>
    public static async Task<int> RunAsync(SiloOptions options, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = Build(options);
        }
        catch (Exception e) when (IsStartupError(e))
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return UserError;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsStartupError(e))
            {
                await Console.Error.WriteLineAsync($"error: {Message(e)}").ConfigureAwait(false);
                await StopQuietlyAsync(app).ConfigureAwait(false);
                return UserError;
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await StopQuietlyAsync(app).ConfigureAwait(false);
            return 0;
        }
    }

    private static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            app.Services.GetService<ILoggerFactory>()?.CreateLogger("PoseCluster.Silo").LogDebug("Stop after a failed start: {Error}", e.Message);
        }
    }

    private static string Message(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Message(a.InnerExceptions[0]) : e.Message;

    private static bool IsStartupError(Exception e) => e switch
    {
        AggregateException a => a.InnerExceptions.All(IsStartupError),
        ClusterException or ArgumentException or ModelCatalogException or OnnxRuntimeException or IOException or UnauthorizedAccessException
            or InvalidDataException or System.Net.Sockets.SocketException => true,
        _ => e.GetType().Name is "FrameSourceException",
    };
}
