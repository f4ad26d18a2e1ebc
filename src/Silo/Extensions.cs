using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Store;
using PoseCluster.Grains.Site;
using PoseCluster.Grains.Telemetry;
using PoseCluster.ServiceDefaults.Metrics;
using PoseCluster.Silo.Api;
using PoseCluster.Silo.DataPlane;
using PoseCluster.Silo.Runtime;
using PoseCluster.Silo.Webhooks;

namespace PoseCluster.Silo;

/// <summary>How a web host becomes a silo: <see cref="AddSiloServices"/> registers it, <see cref="MapSiloApi"/> maps its endpoints.</summary>
public static class Extensions
{
    /// <summary>
    /// Validates <paramref name="options"/> (one clear <see cref="ArgumentException"/> for the first invalid one), listens
    /// on <see cref="SiloOptions.Listen"/>, and registers the silo runtime (store, models, grains, membership), its
    /// webhook delivery, its health check and its metrics.
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
        // Registered after the runtime: hosted services stop in reverse order, so deliveries stop before the node closes the store.
        builder.Services.AddWebhookDelivery(
            options.Webhooks,
            options.NodeName,
            sp => sp.GetRequiredService<SiloRuntime>().Node?.Store ?? throw new InvalidOperationException("The silo node has not started."));
        builder.Services.AddSingleton<DataPlaneKeyFilter>();
        if (options.ParentProcessId is not null)
        {
            builder.Services.AddHostedService<ParentProcessWatch>();
        }

        builder.Services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        return builder;
    }

    /// <summary>
    /// Registers the webhook deliverer as <see cref="ISiteEventSink"/> and as a hosted service (one instance), with its
    /// HTTP client. <paramref name="store"/> is resolved when delivery starts, after the node opened the store.
    /// </summary>
    internal static IServiceCollection AddWebhookDelivery(this IServiceCollection services, WebhookOptions options, string node, Func<IServiceProvider, IClusterStore> store)
    {
        options.Validate();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirected POST would become a GET elsewhere, carrying a signed body to a host nobody configured.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectTimeout = options.RequestTimeout,
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's request logging prints whole URLs (query strings may hold tokens); the deliverer logs them redacted.
            .RemoveAllLoggers();
        services.AddSingleton(sp => new WebhookDeliverer(
            options,
            () => store(sp),
            sp.GetRequiredService<IHttpClientFactory>(),
            new GrainMeter(sp.GetRequiredService<IMeterFactory>(), node),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ISiteEventSink>(sp => sp.GetRequiredService<WebhookDeliverer>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliverer>());
        return services;
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
