using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using PoseCluster.Cluster.Registry;

namespace PoseCluster.Cluster.Secrets;

/// <summary>
/// Encrypts camera credentials and other stored secrets (webhook signing secrets) with AES-256-GCM. The owner's id is
/// authenticated data, so a ciphertext copied to another row does not decrypt; secrets other than camera credentials
/// also authenticate a purpose label, so a blob cannot be moved between kinds. Blob: version (1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class CredentialProtector
{
    private const byte Version = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private CredentialProtector(byte[] key)
    {
        _key = key;
        var id = SHA256.HashData([.. "posecluster-credential-key-v1"u8, .. key]);
        KeyId = Convert.ToHexStringLower(id.AsSpan(0, 8));
    }

    /// <summary>A public fingerprint of the key (first 8 bytes of a domain-separated SHA-256), to detect silos with different keys.</summary>
    public string KeyId { get; }

    /// <summary>A protector for a 32-byte key.</summary>
    public static CredentialProtector FromKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ClusterException(ClusterErrorCode.SecretKeyInvalid, $"The credential key must be {KeySize} bytes (was {key.Length}).");
        }

        return new CredentialProtector(key.ToArray());
    }

    /// <summary>A fresh random 32-byte key.</summary>
    public static byte[] GenerateKey() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>Loads the key as <paramref name="options"/> say (environment variable, else key file, created if allowed).</summary>
    public static CredentialProtector FromOptions(SecretOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var fromEnvironment = Environment.GetEnvironmentVariable(options.KeyEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return FromKey(Decode(fromEnvironment, $"environment variable {options.KeyEnvironmentVariable}"));
        }

        var path = options.KeyFilePath;
        if (File.Exists(path))
        {
            return FromKey(Decode(File.ReadAllText(path), $"key file {path}"));
        }

        if (!options.CreateKeyFileIfMissing)
        {
            throw new ClusterException(
                ClusterErrorCode.SecretKeyInvalid,
                $"No credential key: set {options.KeyEnvironmentVariable} (base64 of 32 bytes) or create {path}.");
        }

        return FromKey(CreateKeyFile(path));
    }

    /// <summary>Encrypts credentials for one camera.</summary>
    public byte[] Protect(CameraCredentials credentials, Guid cameraId)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var user = Encoding.UTF8.GetBytes(credentials.UserName);
        var password = Encoding.UTF8.GetBytes(credentials.Password);
        var plain = new byte[4 + user.Length + password.Length];
        BinaryPrimitives.WriteInt32LittleEndian(plain, user.Length);
        user.CopyTo(plain, 4);
        password.CopyTo(plain, 4 + user.Length);
        try
        {
            return Encrypt(plain, cameraId.ToByteArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts credentials of one camera; a wrong key or a tampered blob fails with <see cref="ClusterErrorCode.SecretKeyMismatch"/>.</summary>
    public CameraCredentials Unprotect(ReadOnlySpan<byte> blob, Guid cameraId)
    {
        var plain = Decrypt(blob, cameraId.ToByteArray(), $"credentials of camera {cameraId}");
        try
        {
            var userLength = BinaryPrimitives.ReadInt32LittleEndian(plain);
            var user = Encoding.UTF8.GetString(plain, 4, userLength);
            var password = Encoding.UTF8.GetString(plain, 4 + userLength, plain.Length - 4 - userLength);
            return new CameraCredentials(user, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Encrypts a secret (e.g. a webhook's signing secret) bound to a purpose (e.g. <c>webhook</c>) and its owner's id.</summary>
    public byte[] ProtectSecret(string secret, string purpose, Guid ownerId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = Encoding.UTF8.GetBytes(secret);
        try
        {
            return Encrypt(plain, SecretData(purpose, ownerId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Decrypts a secret of <see cref="ProtectSecret"/>; a wrong key, purpose, owner or a tampered blob fails with <see cref="ClusterErrorCode.SecretKeyMismatch"/>.</summary>
    public string UnprotectSecret(ReadOnlySpan<byte> blob, string purpose, Guid ownerId)
    {
        var plain = Decrypt(blob, SecretData(purpose, ownerId), $"secret data of {purpose} {ownerId}");
        try
        {
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"CredentialProtector(key id {KeyId})";

    // Camera credentials authenticate only the camera id (the original blob format); other secrets prefix a purpose label.
    private static byte[] SecretData(string purpose, Guid ownerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return [.. "posecluster-secret-v1:"u8, .. Encoding.UTF8.GetBytes(purpose), (byte)':', .. ownerId.ToByteArray()];
    }

    private byte[] Encrypt(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associatedData)
    {
        var blob = new byte[1 + NonceSize + TagSize + plain.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize), associatedData);
        return blob;
    }

    private byte[] Decrypt(ReadOnlySpan<byte> blob, ReadOnlySpan<byte> associatedData, string what)
    {
        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != Version)
        {
            throw new ClusterException(ClusterErrorCode.SecretKeyMismatch, $"The stored {what} are not in a known format.");
        }

        var plain = new byte[blob.Length - 1 - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(blob.Slice(1, NonceSize), blob[(1 + NonceSize + TagSize)..], blob.Slice(1 + NonceSize, TagSize), plain, associatedData);
            return plain;
        }
        catch (AuthenticationTagMismatchException e)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new ClusterException(
                ClusterErrorCode.SecretKeyMismatch,
                $"The {what} do not decrypt with this node's key (key id {KeyId}); every silo needs the same key.",
                e);
        }
    }

    private static byte[] Decode(string text, string where)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            if (key.Length != KeySize)
            {
                throw new ClusterException(ClusterErrorCode.SecretKeyInvalid, $"The credential key in {where} must be base64 of {KeySize} bytes (was {key.Length} bytes).");
            }

            return key;
        }
        catch (FormatException)
        {
            throw new ClusterException(ClusterErrorCode.SecretKeyInvalid, $"The credential key in {where} is not valid base64.");
        }
    }

    private static byte[] CreateKeyFile(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var key = GenerateKey();
        var text = Convert.ToBase64String(key) + "\n";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
            }

            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs, so both agree.
            return Decode(File.ReadAllText(path), $"key file {path}");
        }
    }
}
