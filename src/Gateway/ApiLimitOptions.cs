namespace PoseCluster.Gateway;

/// <summary>Request limits of the API; larger bodies are refused with 413 before they are read.</summary>
public sealed class ApiLimitOptions
{
    /// <summary>Largest JSON body of an ordinary request. Default 64 KiB.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest bulk import (JSON or CSV). Default 2 MiB.</summary>
    public int MaxImportBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Most cameras in one bulk import. Default 500.</summary>
    public int MaxImportCameras { get; set; } = 500;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new ArgumentException($"{nameof(MaxBodyBytes)} must be between 1 KiB and 16 MiB (was {MaxBodyBytes}).");
        }

        if (MaxImportBytes < MaxBodyBytes || MaxImportBytes > 64 * 1024 * 1024)
        {
            throw new ArgumentException($"{nameof(MaxImportBytes)} must be between {nameof(MaxBodyBytes)} and 64 MiB (was {MaxImportBytes}).");
        }

        if (MaxImportCameras is < 1 or > 10_000)
        {
            throw new ArgumentException($"{nameof(MaxImportCameras)} must be between 1 and 10000 (was {MaxImportCameras}).");
        }
    }
}
