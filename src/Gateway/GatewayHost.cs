using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster;
using PoseCluster.ServiceDefaults;

namespace PoseCluster.Gateway;

/// <summary>Builds and runs a gateway web host (used by the gateway executable, <c>posecluster gateway</c>, <c>posecluster demo</c> and tests).</summary>
public static class GatewayHost
{
    /// <summary>Exit code for bad input (invalid option, unreachable store, port in use).</summary>
    public const int UserError = 2;

    /// <summary>The gateway host: service defaults, the gateway's services, its endpoints.</summary>
    public static WebApplication Build(GatewayOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Listen);
        builder.AddServiceDefaults();
        builder.AddGatewayServices(options);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGatewayApi();
        return app;
    }

    /// <summary>
    /// Runs a gateway until <paramref name="cancellationToken"/> fires (or SIGINT/SIGTERM). A start-up failure prints
    /// one line (<c>error: ...</c>, never a secret) and returns <see cref="UserError"/>.
    /// </summary>
    public static async Task<int> RunAsync(GatewayOptions options, CancellationToken cancellationToken)
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
                return UserError;
            }

            app.Logger.LogInformation("Gateway listening on {Urls}", string.Join(", ", app.Urls));
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>Whether <paramref name="e"/> is a start-up failure caused by input or environment (reported as one line).</summary>
    public static bool IsStartupError(Exception e) => e switch
    {
        AggregateException a => a.InnerExceptions.All(IsStartupError),
        ClusterException or ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    private static string Message(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Message(a.InnerExceptions[0]) : e.Message;
}
