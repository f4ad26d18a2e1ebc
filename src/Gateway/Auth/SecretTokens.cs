using System.Security.Cryptography;
using System.Text;

namespace PoseCluster.Gateway.Auth;

/// <summary>Random API keys and session tokens, and the SHA-256 digests the store keeps instead of them.</summary>
public static class SecretTokens
{
    /// <summary>The prefix of generated API keys.</summary>
    public const string ApiKeyPrefix = "pck_";

    /// <summary>A new API key: <c>pck_</c> + 32 random bytes (base64url).</summary>
    public static string NewApiKey() => ApiKeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new session token: 32 random bytes (base64url).</summary>
    public static string NewSessionToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The lower-case hex SHA-256 of <paramref name="secret"/> (what the store holds).</summary>
    public static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// The first characters of a key, enough to tell keys apart and useless to an attacker: <c>pck_</c> and 6 random
    /// characters of a generated key (of 43), 4 characters of a key chosen by an operator.
    /// </summary>
    public static string DisplayPrefix(string key) => key.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) && key.Length > 20 ? key[..10] : key[..Math.Min(4, key.Length)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
