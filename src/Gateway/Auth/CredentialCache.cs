using System.Collections.Concurrent;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Access;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Auth;

/// <summary>
/// Validates API keys and session tokens against the store (by digest), remembering answers for
/// <see cref="GatewayAuthOptions.CacheDuration"/> so that a busy dashboard does not query the store on every request.
/// </summary>
public sealed class CredentialCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly GatewayStore _store;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache.</summary>
    public CredentialCache(GatewayStore store, GatewayOptions options, TimeProvider time)
    {
        _store = store;
        _duration = options.Auth.CacheDuration;
        _time = time;
    }

    /// <summary>Who an API key belongs to, or null when it is unknown or revoked.</summary>
    public async ValueTask<AuthenticatedCaller?> FindApiKeyAsync(string key, CancellationToken cancellationToken)
    {
        var digest = "k:" + SecretTokens.Digest(key);
        if (TryGet(digest, out var cached))
        {
            return cached;
        }

        var record = await _store.Store.FindApiKeyAsync(digest[2..], cancellationToken).ConfigureAwait(false);
        var caller = record is null ? null : new AuthenticatedCaller("key:" + record.Name, record.Role, "api-key", record.Id, null);
        Put(digest, caller);
        return caller;
    }

    /// <summary>Who a session token belongs to, or null when it is unknown or expired.</summary>
    public async ValueTask<AuthenticatedCaller?> FindSessionAsync(string token, CancellationToken cancellationToken)
    {
        var digest = "s:" + SecretTokens.Digest(token);
        if (TryGet(digest, out var cached))
        {
            return cached is not null && cached.ExpiresAt > _time.GetUtcNow() ? cached : null;
        }

        SessionRecord? session;
        try
        {
            session = await _store.Store.FindSessionAsync(digest[2..], cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterException)
        {
            session = null;
        }

        var caller = session is null ? null : new AuthenticatedCaller(session.UserName, session.Role, "session", session.UserId, session.ExpiresAt);
        Put(digest, caller);
        return caller;
    }

    /// <summary>Forgets everything (after a logout, a revocation or a role change), so the change applies at once here.</summary>
    public void Clear() => _entries.Clear();

    private bool TryGet(string digest, out AuthenticatedCaller? caller)
    {
        if (_entries.TryGetValue(digest, out var entry) && entry.Until > _time.GetUtcNow())
        {
            caller = entry.Caller;
            return true;
        }

        caller = null;
        return false;
    }

    private void Put(string digest, AuthenticatedCaller? caller)
    {
        if (_duration <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        _entries[digest] = new Entry(caller, _time.GetUtcNow() + _duration);
    }

    private sealed record Entry(AuthenticatedCaller? Caller, DateTimeOffset Until);
}

/// <summary>Who made a request.</summary>
/// <param name="Name">User name, or <c>key:NAME</c> for an API key.</param>
/// <param name="Role">Role.</param>
/// <param name="Method"><c>session</c> or <c>api-key</c>.</param>
/// <param name="Id">User id or API key id.</param>
/// <param name="ExpiresAt">When the session ends (sessions only).</param>
public sealed record AuthenticatedCaller(string Name, AccessRole Role, string Method, Guid Id, DateTimeOffset? ExpiresAt);
