using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.ServiceDefaults.Metrics;
using PoseCluster.Silo.Api;
using PoseCluster.Silo.DataPlane;
using PoseCluster.Silo.Runtime;

namespace PoseCluster.Silo;

/// <summary>How a web host becomes a silo: <see cref="AddSiloServices"/> registers it, <see cref="MapSiloApi"/> maps its endpoints.</summary>
public static class Extensions
{
    /// <summary>
    /// Validates <paramref name="options"/> (one clear <see cref="ArgumentException"/> for the first invalid one), listens
    /// on <see cref="SiloOptions.Listen"/>, and registers the silo runtime (store, models, grains, membership), its
    /// health check and its metrics.
    /// </summary>
    public static TBuilder AddSiloServices<TBuilder>(this TBuilder builder, SiloOptions options)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        builder.Services.AddSingleton(options);
        // A failed start is reported by SiloHost as one line; the host's own report would repeat it with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.Configure<PrometheusExporterOptions>(o => o.Node = options.NodeName);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.GrainHost.DeactivationTimeout + TimeSpan.FromSeconds(20));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddSingleton<SiloRuntime>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SiloRuntime>());
        builder.Services.AddSingleton<DataPlaneKeyFilter>();
        if (options.ParentProcessId is not null)
        {
            builder.Services.AddHostedService<ParentProcessWatch>();
        }

        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        return builder;
    }

    /// <summary>
    /// Maps the silo's API and data plane: <c>/node</c>, <c>/cameras</c>, <c>/cameras/{id}/thumbnail.jpg</c>,
    /// <c>/stream</c> (WebSocket), <c>/sites/{id}</c>, <c>POST /sites/{id}/results</c> and <c>POST /inference/{pipeline}</c>,
    /// all behind the data-plane key when one is set.
    /// </summary>
    public static WebApplication MapSiloApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        var api = app.MapGroup("").AddEndpointFilter<DataPlaneKeyFilter>();
        api.MapNodeEndpoints();
        api.MapCameraEndpoints();
        api.MapPoseStream();
        api.MapSiteEndpoints();
        api.MapInferenceEndpoints();
        return app;
    }

    /// <summary>Sets the addresses Kestrel listens on from <see cref="SiloOptions.Listen"/>.</summary>
    internal static IWebHostBuilder UseSiloListenAddress(this IWebHostBuilder builder, SiloOptions options) => builder.UseUrls(options.Listen);
}
