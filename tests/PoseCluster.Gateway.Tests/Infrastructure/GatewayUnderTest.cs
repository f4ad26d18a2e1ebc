using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster.Secrets;
using PoseCluster.Silo.Tests.Infrastructure;

namespace PoseCluster.Gateway.Tests.Infrastructure;

/// <summary>A whole gateway (web host, store, live feed, dashboard files) in the test process on a free loopback port.</summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-1";
    public const string AdminKey = "pck_test-admin-key-0123456789abcdef";
    private readonly List<HttpClient> _clients = [];

    private GatewayUnderTest(WebApplication app, GatewayOptions options)
    {
        App = app;
        Options = options;
        BaseAddress = app.Urls.First().TrimEnd('/');
        Anonymous = NewClient();
        Admin = NewClient(AdminKey);
    }

    public WebApplication App { get; }

    public GatewayOptions Options { get; }

    public string BaseAddress { get; }

    /// <summary>No credentials.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>The bootstrap admin API key.</summary>
    public HttpClient Admin { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Test defaults: free port, the silo tests' credential key, the shared media folder plus <paramref name="extraMedia"/>.</summary>
    public static GatewayOptions TestOptions(string store, string keyFile, params string[] extraMedia)
    {
        var options = new GatewayOptions
        {
            Listen = "http://127.0.0.1:0",
            Store = store,
            MediaFolders = [Path.Combine(SiloTestAssets.Shared, "media"), .. extraMedia],
            Secrets = new SecretOptions { KeyFilePath = keyFile, KeyEnvironmentVariable = "POSECLUSTER_TEST_NO_SUCH_VARIABLE", CreateKeyFileIfMissing = false },
        };
        options.Auth.AdminPassword = AdminPassword;
        options.Auth.BootstrapApiKey = AdminKey;
        options.Auth.PasswordIterations = 10_000;
        options.Live.RefreshInterval = TimeSpan.FromMilliseconds(500);
        return options;
    }

    public static async Task<GatewayUnderTest> StartAsync(GatewayOptions options, LogSink? logs = null)
    {
        var app = GatewayHost.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new GatewayUnderTest(app, options);
    }

    /// <summary>A client sending <paramref name="apiKey"/> (none when null), with its own cookie jar.</summary>
    public HttpClient NewClient(string? apiKey = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(BaseAddress),
            Timeout = TimeSpan.FromSeconds(20),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>A new API key of <paramref name="role"/>, created by the admin.</summary>
    public async Task<string> CreateKeyAsync(string role, string? name = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/keys", new { name = name ?? $"{role}-{Guid.NewGuid():N}", role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>A client signed in with a session cookie.</summary>
    public async Task<HttpClient> LoginAsync(string user, string password)
    {
        var client = NewClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username = user, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
