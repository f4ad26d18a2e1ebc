namespace PoseCluster.Gateway.Auth;

/// <summary>Logins, sessions and API keys. The first admin and an automation key can be bootstrapped from configuration.</summary>
public sealed class GatewayAuthOptions
{
    /// <summary>The environment variable holding the first admin's password.</summary>
    public const string AdminPasswordVariable = "POSECLUSTER_ADMIN_PASSWORD";

    /// <summary>The environment variable holding an API key accepted as an admin key.</summary>
    public const string ApiKeyVariable = "POSECLUSTER_API_KEY";

    /// <summary>Name of the admin created when the store has no user yet. Default <c>admin</c>.</summary>
    public string AdminUser { get; set; } = "admin";

    /// <summary>
    /// Password of that first admin (used only while the store has no user). Default null: <c>POSECLUSTER_ADMIN_PASSWORD</c>;
    /// without either, no user is created and a warning says how to create one. Never logged.
    /// </summary>
    public string? AdminPassword { get; set; }

    /// <summary>
    /// An API key registered as an admin key at start (idempotent), for automation. Default null:
    /// <c>POSECLUSTER_API_KEY</c>. Never logged.
    /// </summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>How long a dashboard login lasts. Default 12 h.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a validated API key or session is trusted before the store is asked again. Default 5 s (a revocation takes at most this long).</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Login attempts per client address and minute. Default 30.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 30;

    /// <summary>PBKDF2-SHA256 iterations of new password hashes. Default 100000.</summary>
    public int PasswordIterations { get; set; } = 100_000;

    /// <summary>Shortest accepted password. Default 8.</summary>
    public int MinPasswordLength { get; set; } = 8;

    /// <summary>The admin password in effect (option, else environment).</summary>
    internal string? EffectiveAdminPassword => AdminPassword ?? (Environment.GetEnvironmentVariable(AdminPasswordVariable) is { Length: > 0 } p ? p : null);

    /// <summary>The bootstrap API key in effect (option, else environment).</summary>
    internal string? EffectiveBootstrapApiKey => BootstrapApiKey ?? (Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } k ? k : null);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AdminUser) || AdminUser.Length > 100)
        {
            throw new ArgumentException("The bootstrap admin needs a name of 1-100 characters.");
        }

        if (MinPasswordLength is < 4 or > 128)
        {
            throw new ArgumentException($"{nameof(MinPasswordLength)} must be between 4 and 128 (was {MinPasswordLength}).");
        }

        if (EffectiveAdminPassword is { } password && password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"The bootstrap admin password must have at least {MinPasswordLength} characters.");
        }

        if (EffectiveBootstrapApiKey is { } key && (key.Length < 16 || key.Length > 256 || key.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"The bootstrap API key ({ApiKeyVariable}) must be 16-256 characters without spaces.");
        }

        if (SessionLifetime < TimeSpan.FromMinutes(1) || SessionLifetime > TimeSpan.FromDays(90))
        {
            throw new ArgumentException($"{nameof(SessionLifetime)} must be between 1 min and 90 days.");
        }

        if (CacheDuration < TimeSpan.Zero || CacheDuration > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"{nameof(CacheDuration)} must be between 0 and 5 min.");
        }

        if (LoginAttemptsPerMinute is < 1 or > 100_000)
        {
            throw new ArgumentException($"{nameof(LoginAttemptsPerMinute)} must be between 1 and 100000.");
        }

        if (PasswordIterations is < 10_000 or > 10_000_000)
        {
            throw new ArgumentException($"{nameof(PasswordIterations)} must be between 10000 and 10000000.");
        }
    }
}
