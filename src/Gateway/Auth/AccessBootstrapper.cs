using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Access;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Auth;

/// <summary>
/// Before the gateway listens: creates the first admin from configuration when the store has no user, registers the
/// configured automation key (idempotent) and removes expired sessions. Never logs a password or a key.
/// </summary>
internal sealed class AccessBootstrapper : IHostedLifecycleService
{
    private readonly GatewayStore _store;
    private readonly GatewayAuthOptions _options;
    private readonly ILogger _logger;

    public AccessBootstrapper(GatewayStore store, GatewayOptions options, ILoggerFactory loggerFactory)
    {
        _store = store;
        _options = options.Auth;
        _logger = loggerFactory.CreateLogger("PoseCluster.Gateway.Auth");
    }

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var store = _store.Store;
        var users = await store.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        if (users.Count == 0)
        {
            if (_options.EffectiveAdminPassword is { } password)
            {
                try
                {
                    await store.AddUserAsync(_options.AdminUser, AccessRole.Admin, PasswordHasher.Hash(password, _options.PasswordIterations), cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Created the first admin '{User}' from configuration", _options.AdminUser);
                }
                catch (ClusterException e) when (e.Code == ClusterErrorCode.Conflict)
                {
                    // Another gateway created it at the same moment.
                }
            }
            else
            {
                _logger.LogWarning(
                    "No user exists and no admin password is configured: set {Variable} (the admin '{User}' is created at start), or use an API key ({KeyVariable})",
                    GatewayAuthOptions.AdminPasswordVariable,
                    _options.AdminUser,
                    GatewayAuthOptions.ApiKeyVariable);
            }
        }

        if (_options.EffectiveBootstrapApiKey is { } key)
        {
            var digest = SecretTokens.Digest(key);
            if (await store.FindApiKeyAsync(digest, cancellationToken).ConfigureAwait(false) is null)
            {
                try
                {
                    await store.AddApiKeyAsync($"bootstrap ({GatewayAuthOptions.ApiKeyVariable})", AccessRole.Admin, digest, SecretTokens.DisplayPrefix(key), cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Registered the configured API key as an admin key");
                }
                catch (ClusterException e) when (e.Code == ClusterErrorCode.Conflict)
                {
                }
            }
        }

        var expired = await store.DeleteExpiredSessionsAsync(cancellationToken).ConfigureAwait(false);
        if (expired > 0)
        {
            _logger.LogDebug("Removed {Count} expired sessions", expired);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
