namespace PoseCluster.Cluster.Registry;

/// <summary>
/// A camera's source with its decrypted credentials, handed only to the code that opens the stream. Printing it
/// shows <c>***</c> in place of the credentials; <see cref="ComposeUrlWithCredentials"/> is the one way to get them.
/// </summary>
public sealed class CameraSource
{
    private readonly CameraCredentials? _credentials;

    internal CameraSource(Guid cameraId, string url, CameraCredentials? credentials)
    {
        CameraId = cameraId;
        Url = url;
        _credentials = credentials;
    }

    /// <summary>The camera.</summary>
    public Guid CameraId { get; }

    /// <summary>The source URL without credentials.</summary>
    public string Url { get; }

    /// <summary>Whether credentials exist.</summary>
    public bool HasCredentials => _credentials is not null;

    /// <summary>
    /// The URL with the credentials inserted (<c>scheme://user:pass@host/...</c>), for the stream reader only.
    /// Never log it or put it on a command line other processes can read without need.
    /// </summary>
    public string ComposeUrlWithCredentials() => CameraSourceUrl.Compose(Url, _credentials);

    /// <summary>The URL with credentials masked.</summary>
    public override string ToString() => _credentials is null ? Url : CameraSourceUrl.Compose(Url, new CameraCredentials("***", "***"), escape: false);
}
